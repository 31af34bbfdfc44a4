// engine/batch/policies.h — finding a scoring policy by name: a policy folder first, then the policies
// compiled into the binary (the same files as config/policies/*.yaml).
//
// A project names its policy ("shandong", "national-2020") or gives a path to a policy file
// ("../policies/mine.yaml", relative to the project file). PolicySet caches each parsed policy
// for the run; its errors are InputErrors naming the policy file.
#ifndef JIXIAO_ENGINE_BATCH_POLICIES_H_
#define JIXIAO_ENGINE_BATCH_POLICIES_H_

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "scoring/policy.h"

namespace jixiao {

struct BuiltinPolicy {
  std::string_view name;
  std::string_view text;
};

// The policies compiled in from config/policies/*.yaml (generated at build time).
std::span<const BuiltinPolicy> BuiltinPolicies();

struct PolicyOptions {
  // Folder searched for NAME.yaml before the compiled-in policies; empty: compiled-in only.
  std::filesystem::path policy_dir;
};

class PolicySet {
 public:
  explicit PolicySet(PolicyOptions options) : options_(std::move(options)) {}

  // The policy `name` as used by the project file `project_file` (for relative paths).
  // Throws InputError (bad policy file) or UsageError (unknown name).
  const Policy& Get(const std::string& name, const std::filesystem::path& project_file);

  // Every policy name available (policy folder and compiled-in), sorted.
  std::vector<std::string> Names() const;

 private:
  PolicyOptions options_;
  std::map<std::string, Policy> cache_;
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_BATCH_POLICIES_H_
