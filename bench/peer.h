// bench/peer.h — the rescore stage's yardsticks: where a rescore's time goes, the SELECT scan of
// the rows it reads, and the SQL peer (docs/rules.md §2–§5 as one query over numeric rows derived
// from the same store, its totals compared with jixiao's).
#ifndef JIXIAO_BENCH_PEER_H_
#define JIXIAO_BENCH_PEER_H_

#include <filesystem>

namespace jixiao::bench {

// The one-pass read alone, then read + score. out: read seconds, score seconds, indicators.
void Breakdown(const std::filesystem::path& db_path, double* out);
// The rows rescoring reads (current definitions, project results, indicator results), stepped
// through. Returns seconds; extra[0] rows, extra[1] bytes.
double ScanFloor(const std::filesystem::path& db_path, double* extra);
// Writes the peer's rows into db_path (a copy of the store at store_path).
void BuildPeerRows(const std::filesystem::path& store_path, const std::filesystem::path& db_path);
// The peer's query. Returns seconds; extra[0] projects, extra[1] totals equal to jixiao's.
double PeerQuery(const std::filesystem::path& db_path, double* extra);

}  // namespace jixiao::bench

#endif  // JIXIAO_BENCH_PEER_H_
