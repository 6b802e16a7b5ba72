#!/usr/bin/env python3
"""Long-tail query mixes for bench/catalogue.sh.

A public catalogue mostly sees distinct searches: every filter combination is a
URL of its own. This writes N distinct, valid search paths drawn from the real
facet values of a running server's catalogue (free text, filters, date windows,
pages), once as JSON API paths and once as search-page paths, plus the course
API and course page of every course id.

    long_tail_paths.py ALL_JSON IDS_FILE OUT_DIR [--count 60000] [--seed 1]

ALL_JSON is the answer of /api/v1/courses (its facets); IDS_FILE has one course
id a line. The paths are distinct, so the micro-cache (one refresh interval,
keyed by the URL) only helps when a path comes round again within that interval:
with 60,000 paths at 30,000 req/s each comes back every 2 s, after it expired.
Deterministic for a seed.
"""
import argparse
import datetime
import json
import random
import urllib.parse

# Words people type, with their diagnosis areas and lay synonyms (the text part
# goes to the database's full-text index, so only some searches carry one).
TEXT = ["kols", "diabetes", "pårørende", "parkinson", "kreft", "hjerte", "demens", "angst",
        "smerte", "rus", "psykose", "epilepsi", "astma", "revmatisme", "ms", "hjerneslag",
        "overvekt", "søvn", "depresjon", "barn", "ungdom", "mestring", "livsstil", "ernæring"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("all_json")
    ap.add_argument("ids_file")
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=60000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    facets = json.load(open(a.all_json))["facets"]
    values = {name: [v["value"] for v in facets[name]] for name in
              ("region", "hf", "municipality", "field", "diagnosis", "target", "language", "format")}
    today = datetime.date.today()

    def one():
        params = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["region", "hf", "municipality", "municipality", "field", "diagnosis",
                               "diagnosis", "target", "language", "format", "free_seats",
                               "no_referral", "dates", "text"])
            if kind in values and values[kind]:
                params.append((kind, rng.choice(values[kind])))
            elif kind in ("free_seats", "no_referral"):
                params.append((kind, "1"))
            elif kind == "dates":
                start = today + datetime.timedelta(days=rng.randint(0, 180))
                params.append(("from", start.isoformat()))
                params.append(("to", (start + datetime.timedelta(days=rng.randint(7, 90))).isoformat()))
            elif kind == "text" and rng.random() < 0.5:
                params.append(("q", rng.choice(TEXT)))
        if rng.random() < 0.3:
            params.append(("page", str(rng.randint(2, 3))))
        # Filters may repeat with other values (hf=5&hf=7); the rest are single.
        single = {"q", "from", "to", "page", "free_seats", "no_referral"}
        unique = []
        for k, v in params:
            if (k, v) in unique or (k in single and any(x == k for x, _ in unique)):
                continue
            unique.append((k, v))
        return urllib.parse.urlencode(sorted(unique))

    queries, seen = [], set()
    attempts = 0
    while len(queries) < a.count and attempts < a.count * 50:
        attempts += 1
        q = one()
        if q and q not in seen:
            seen.add(q)
            queries.append(q)
    rng.shuffle(queries)
    def write(name, title, paths):
        with open(f"{a.out_dir}/paths-{name}.txt", "w") as f:
            f.write(f"# {title}\n")
            f.writelines(p + "\n" for p in paths)

    write("longtail-json", f"long-tail JSON search mix: {len(queries)} distinct searches",
          (f"/api/v1/courses?{q}" for q in queries))
    write("longtail-html", f"long-tail HTML search mix: {len(queries)} distinct searches",
          (f"/?{q}" for q in queries))
    ids = [line.strip() for line in open(a.ids_file) if line.strip()]
    rng.shuffle(ids)
    write("courses-json", f"course API over all {len(ids)} published courses",
          (f"/api/v1/courses/{i}" for i in ids))
    write("courses-html", f"course page over all {len(ids)} published courses",
          (f"/kurs/{i}" for i in ids))
    print(f"{len(queries)} distinct searches, {len(ids)} courses")


if __name__ == "__main__":
    main()
