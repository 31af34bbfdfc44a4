#include "engine/batch/policies.h"

#include <fstream>
#include <set>
#include <sstream>

#include "indicators/i18n.h"

namespace jixiao {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw IoError(TrF("{}: cannot read policy file", p.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool LooksLikePath(const std::string& name) {
  return name.find('/') != std::string::npos || name.ends_with(".yaml") || name.ends_with(".yml");
}

}  // namespace

const Policy& PolicySet::Get(const std::string& name, const std::filesystem::path& project_file) {
  namespace fs = std::filesystem;
  std::string file;  // a policy file on disk, or "" for a compiled-in policy
  if (LooksLikePath(name)) {
    fs::path p = name;
    if (p.is_relative()) p = project_file.parent_path() / p;
    file = p.lexically_normal().string();
  } else if (!options_.policy_dir.empty() && fs::exists(options_.policy_dir / (name + ".yaml"))) {
    file = (options_.policy_dir / (name + ".yaml")).string();
  }
  const std::string key = file.empty() ? "builtin:" + name : file;
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;

  std::string text, where = file;
  if (!file.empty()) {
    text = ReadFile(file);
  } else {
    for (const auto& b : BuiltinPolicies()) {
      if (b.name == name) {
        text = std::string(b.text);
        where = "config/policies/" + name + ".yaml";
      }
    }
    if (where.empty()) {
      std::string names;
      for (const auto& n : Names()) names += (names.empty() ? "" : ", ") + n;
      throw UsageError(TrF("unknown policy '{}' (available: {})", name, names));
    }
  }
  PolicyResult r = ParsePolicy(text, where);
  if (!r.policy) throw InputError(r.diagnostics);
  return cache_.emplace(key, std::move(*r.policy)).first->second;
}

std::vector<std::string> PolicySet::Names() const {
  std::set<std::string> names;
  for (const auto& b : BuiltinPolicies()) names.insert(std::string(b.name));
  std::error_code ec;
  if (!options_.policy_dir.empty()) {
    for (const auto& e : std::filesystem::directory_iterator(options_.policy_dir, ec)) {
      if (e.path().extension() == ".yaml") names.insert(e.path().stem().string());
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace jixiao
