#pragma once
// The client's address behind a load balancer. Rate limits and the audit log
// key on the client's address; behind N servers and a load balancer the peer
// of every request is the balancer, which would make one rate-limit bucket of
// all visitors. When the peer is a trusted proxy, the client is the rightmost
// address of X-Forwarded-For that is not itself a trusted proxy (the entries
// left of it are the client's own word and not to be trusted).
#include <string>
#include <string_view>
#include <vector>

namespace kursbase::http {

// `trusted`: exact IP addresses (v4 or v6, as the peer is written). A header
// entry that is not an IP address ends the walk at the hop before it.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted);

}  // namespace kursbase::http
