// engine/batch/unit.h — the unit's own settings: `unit.yaml` in a config folder, beside the
// project definitions. What a unit writes once for all its projects: the 自评综述's paragraphs
// that no project holds, and the lines printed under its tables.
//
//   # unit.yaml (every key optional; Chinese names are accepted for each key too)
//   work: 根据预算绩效管理要求，我单位组织对…    # 预算绩效管理工作开展情况 (the 综述's first part)
//   key_evaluation: "基层医保工作站项目"项目，绩效评价得分为"91.14"分，等级为"优"。  #
//   重点绩效评价结果 signature:                                 # the lines under each table
//     unit: 荣成市医疗保障局                  # 填报单位（盖章）
//     head: 张三                               # 单位负责人
//     preparer: 李四                           # 填报人
//     phone: 0631-1234567                      # 联系电话
//     date: 2025年3月31日                      # 填报日期
//
// Contract: the reader never throws on bad content: every problem (unknown key, wrong type) is a
// located diagnostic naming what to write instead. The batch loader skips `unit.yaml` when it
// expands a folder, as it skips policy files. The report library only prints what is read here.
#ifndef JIXIAO_ENGINE_BATCH_UNIT_H_
#define JIXIAO_ENGINE_BATCH_UNIT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "indicators/diagnostics.h"

namespace jixiao {

// The signature lines units add under a table; "" is a line not printed.
struct Signature {
  std::string unit;      // 填报单位（盖章）
  std::string head;      // 单位负责人
  std::string preparer;  // 填报人
  std::string phone;     // 联系电话
  std::string date;      // 填报日期
  bool empty() const {
    return unit.empty() && head.empty() && preparer.empty() && phone.empty() && date.empty();
  }
};

struct UnitSettings {
  std::string work;  // 预算绩效管理工作开展情况: the 自评综述's first paragraph
  std::string key_evaluation;  // 重点绩效评价结果: the 自评综述's last paragraph
  Signature signature;
};

inline constexpr const char* kUnitSettingsName = "unit.yaml";

// Whether `path` is a unit settings file (named unit.yaml), not a project definition.
bool IsUnitSettingsFile(const std::filesystem::path& path);

// The unit.yaml of the first folder among `paths` that has one (a file given as a path names its
// own folder); nullopt when none does.
std::optional<std::filesystem::path> FindUnitSettings(const std::vector<std::string>& paths);

// Reads a unit settings file. Problems go to `out` (errors keep the setting out, the others are
// read); an unreadable file is an error in `out` too.
UnitSettings ReadUnitSettings(const std::filesystem::path& file, Diagnostics* out);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_BATCH_UNIT_H_
