#include "engine/batch/unit.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "indicators/i18n.h"
#include "indicators/value.h"
#include "indicators/yaml_reader.h"

namespace jixiao {
namespace {

constexpr std::size_t kMaxUnitBytes = 1u << 20;

// Each key with the Chinese name a clerk may write instead.
struct Key {
  const char* name;
  const char* chinese;
  std::string UnitSettings::*field;
};
constexpr Key kTextKeys[] = {{"work", "预算绩效管理工作开展情况", &UnitSettings::work},
                             {"key_evaluation", "重点绩效评价", &UnitSettings::key_evaluation}};

struct SignatureKey {
  const char* name;
  const char* chinese;
  std::string Signature::*field;
};
constexpr SignatureKey kSignatureKeys[] = {{"unit", "填报单位", &Signature::unit},
                                           {"head", "单位负责人", &Signature::head},
                                           {"preparer", "填报人", &Signature::preparer},
                                           {"phone", "联系电话", &Signature::phone},
                                           {"date", "填报日期", &Signature::date}};

template <typename K, std::size_t N>
std::vector<std::string_view> Names(const K (&keys)[N], std::string_view extra = {}) {
  std::vector<std::string_view> v;
  for (const K& k : keys) v.insert(v.end(), {k.name, k.chinese});
  if (!extra.empty()) v.insert(v.end(), {extra, "签字栏"});
  return v;
}

template <typename K, std::size_t N>
const K* Find(const K (&keys)[N], const std::string& key) {
  for (const K& k : keys)
    if (key == k.name || key == k.chinese) return &k;
  return nullptr;
}

void ReadSignature(YamlReader& r, const YAML::Node& v, Signature* s) {
  if (!v.IsMap()) {
    r.Error(r.Loc(v), "wrong-type",
            TrF("signature must be a mapping (unit, head, preparer, phone, date), found {}",
                YamlReader::KindName(v)));
    return;
  }
  r.ForEachKey(v, "signature", Names(kSignatureKeys),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& x) {
                 const SignatureKey* k = Find(kSignatureKeys, key);
                 if (auto t = r.Text(x, "signature." + key)) s->*(k->field) = TrimText(*t);
               });
}

}  // namespace

bool IsUnitSettingsFile(const std::filesystem::path& path) {
  return path.filename() == kUnitSettingsName;
}

std::optional<std::filesystem::path> FindUnitSettings(const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::is_directory(p, ec)
                                          ? std::filesystem::path(p)
                                          : std::filesystem::path(p).parent_path();
    const std::filesystem::path file = dir / kUnitSettingsName;
    if (std::filesystem::is_regular_file(file, ec)) return file;
  }
  return std::nullopt;
}

UnitSettings ReadUnitSettings(const std::filesystem::path& file, Diagnostics* out) {
  UnitSettings u;
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  if (in) buf << in.rdbuf();
  if (!in) {
    out->push_back(Diagnostic{Severity::kError, "io", SourceLoc{name, 0, 0},
                              Tr("cannot read the unit settings file: give an existing YAML file "
                                 "with work, key_evaluation, signature")});
    return u;
  }
  const std::optional<std::string> ready = ReadyYaml(buf.str(), name, kMaxUnitBytes, "unit", out);
  if (!ready) return u;
  YamlReader r(name, *ready, out, "wrong-type");
  try {
    const YAML::Node root = YAML::Load(*ready);
    if (!root.IsMap()) {
      r.Error(SourceLoc{name, 1, 1}, "wrong-type",
              TrF("unit.yaml must be a mapping (work, key_evaluation, signature), found {}",
                  YamlReader::KindName(root)));
      return u;
    }
    r.ForEachKey(root, "unit.yaml", Names(kTextKeys, "signature"),
                 [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                   if (key == "signature" || key == "签字栏") {
                     ReadSignature(r, v, &u.signature);
                   } else if (auto t = r.Text(v, key)) {
                     u.*(Find(kTextKeys, key)->field) = TrimText(*t);
                   }
                 });
  } catch (const YAML::Exception& e) {
    r.Error(r.Loc(e.mark), "yaml-syntax", SyntaxMessage(*ready, e));  // i18n: translated
  }
  return u;
}

}  // namespace jixiao
