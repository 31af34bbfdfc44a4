// tests/engine/store_fixture.h — what the store tests share: a scratch folder, commands run
// against its store, seed 004's projects loaded.
#ifndef JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_
#define JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/engine/run_cli.h"

namespace jixiao::testing {

namespace fs = std::filesystem;

inline const std::string kSource = JIXIAO_SOURCE_DIR;
inline const std::string kRongcheng = kSource + "/config/rongcheng-2024";

// A fresh folder per test, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "jixiao-store-XXXXXX").string();
    path = ::mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  std::string db() const { return (path / "t.db").string(); }
};

inline std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline Run InDb(const TempDir& t, std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(t.db());
  return Jixiao(std::move(args));
}

// A store with seed 004's projects loaded.
inline void Loaded(const TempDir& t) {
  REQUIRE(InDb(t, {"init"}).rc == 0);
  const Run r = InDb(t, {"load", kRongcheng, "--by", "王会计"});
  INFO(r.err);
  REQUIRE(r.rc == 0);
}

inline double Total(const TempDir& t, const std::string& project) {
  const Run r = InDb(t, {"score", project, "--format", "json"});
  INFO(r.err << r.out);
  REQUIRE(r.rc == 0);
  return nlohmann::json::parse(r.out)["projects"][0]["total"].get<double>();
}

inline std::int64_t AuditRows(const TempDir& t) {
  SQLite::Database db(t.db());
  return db.execAndGet("SELECT count(*) FROM audit").getInt64();
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_ENGINE_STORE_FIXTURE_H_
