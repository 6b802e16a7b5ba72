// A program with one deliberate defect per mode, for scripts/sanitizer-selftest.sh:
// it shows that the sanitizer run of `make test` fails when ASan, LeakSanitizer or
// UBSan finds something (a sanitizer that is not there would find nothing, and a
// green run would then say nothing). Built only with -DKURSBASE_SANITIZE=ON.
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Kept opaque so the optimiser cannot prove the defects away.
volatile int kOne = 1;

int leak() {
  void* p = std::malloc(64);
  std::memset(p, 1, 64);
  p = nullptr;  // lost: LeakSanitizer reports it at exit
  return 0;
}

int heap_overflow() {
  // A size known only at run time, so UBSan's object-size check cannot see it
  // and ASan is the one that reports the overflow.
  const int n = 8 * kOne;
  char* p = static_cast<char*>(std::malloc(std::size_t(n)));
  const int i = n;
  // One past the end: ASan stops here. A volatile store, which the optimiser
  // may not drop as dead (the block is freed right after).
  static_cast<volatile char*>(p)[i] = 'x';
  std::free(p);
  return 0;
}

int signed_overflow() {
  int big = INT_MAX;
  big += kOne;  // undefined: UBSan reports it (and halts with halt_on_error=1)
  return big == 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: sanitizer_canary leak|heap-overflow|signed-overflow\n");
    return 2;
  }
  if (std::strcmp(argv[1], "leak") == 0) return leak();
  if (std::strcmp(argv[1], "heap-overflow") == 0) return heap_overflow();
  if (std::strcmp(argv[1], "signed-overflow") == 0) return signed_overflow();
  return 2;
}
