#include "bench/generate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace jixiao::bench {
namespace {

// How an indicator's target and actual look.
enum class Kind {
  kMoney,      // ≤X万元 (a cost ceiling)
  kPerCapita,  // ≤X元/人/年 or =X元/人/年 (a standard)
  kCount,      // ≥N人, =N项, ≥N万人 …
  kRate,       // ≥95%, =100%
  kDuration,   // ≤30分钟, ≤2小时, ≤15个工作日
  kText,       // 显著提高, 健全, 全覆盖 … (qualitative)
};

struct Name {
  const char* name;
  Kind kind;
  const char* unit;  // kCount: the unit; kDuration: the unit; kText: the target text
};

struct Level {
  const char* level1;
  const char* level2;
  int min, max;  // indicators of this 二级 per project
  std::vector<Name> names;
};

// Names, levels, units and target texts as they appear in the seeds' tables (config/*/ *.yaml).
const std::vector<Level>& Vocabulary() {
  static const std::vector<Level> v = {
      {"成本指标",
       "经济成本指标",
       1,
       3,
       {{"工作站运转邮电成本", Kind::kMoney, ""},
        {"月平均医保服务邮电费", Kind::kMoney, ""},
        {"医保经办办公费", Kind::kMoney, ""},
        {"委托业务费", Kind::kMoney, ""},
        {"信息化建设", Kind::kMoney, ""},
        {"硬件建设及其他成本", Kind::kMoney, ""},
        {"学习费用", Kind::kMoney, ""},
        {"支出总额", Kind::kMoney, ""},
        {"其他成本", Kind::kMoney, ""},
        {"医保经办差旅费", Kind::kMoney, ""},
        {"人均职工查体标准", Kind::kPerCapita, ""},
        {"单人补助标准", Kind::kPerCapita, ""},
        {"居民医疗保险财政年补助资金标准", Kind::kPerCapita, ""},
        {"特殊群体人均报销成本", Kind::kPerCapita, ""},
        {"聘用经办人员月人均成本", Kind::kPerCapita, ""}}},
      {"产出指标",
       "数量指标",
       2,
       4,
       {{"参保人数", Kind::kCount, "万人"},
        {"享受待遇人数", Kind::kCount, "人"},
        {"培训场次", Kind::kCount, "场"},
        {"印刷品数量", Kind::kCount, "万份"},
        {"新增规则数量", Kind::kCount, "条"},
        {"医保专线数量", Kind::kCount, "条"},
        {"接收处理案件数", Kind::kCount, "件"},
        {"共下放医保经办事项", Kind::kCount, "项"},
        {"开展活动数量", Kind::kCount, "次"},
        {"数据库、服务器巡检次数", Kind::kCount, "次"},
        {"整合定点医疗机构", Kind::kCount, "家"},
        {"新冠疫苗接种剂次数", Kind::kCount, "万剂次"},
        {"居民参保缴费人数", Kind::kCount, "万人"},
        {"全额补贴人数", Kind::kCount, "人"},
        {"工资发放人数", Kind::kCount, "人"}}},
      {"产出指标",
       "质量指标",
       1,
       3,
       {{"印刷品质量达标率", Kind::kRate, ""},
        {"培训人员考试合格率", Kind::kRate, ""},
        {"结算准确率", Kind::kRate, ""},
        {"案件处理准确率", Kind::kRate, ""},
        {"经办业务办结率", Kind::kRate, ""},
        {"医疗机构覆盖率", Kind::kRate, ""},
        {"参保居民审核通过率", Kind::kRate, ""},
        {"定点医护机构考核合格率", Kind::kRate, ""},
        {"医保信息系统正常运行率", Kind::kRate, ""},
        {"专家评审准确率", Kind::kRate, ""},
        {"基金预警和风险控制能力", Kind::kText, "明显提升"},
        {"实行按病种（组）付费等支付方式改革", Kind::kText, "全流程"}}},
      {"产出指标",
       "时效指标",
       1,
       3,
       {{"发放及时率", Kind::kRate, ""},
        {"培训及时率", Kind::kRate, ""},
        {"补助资金拨付及时率", Kind::kRate, ""},
        {"医保业务办理及时率", Kind::kRate, ""},
        {"职工查体开展及时率", Kind::kRate, ""},
        {"经办业务办结及时率", Kind::kRate, ""},
        {"系统故障处理时效", Kind::kDuration, "小时"},
        {"紧急、重大问题响应时间", Kind::kDuration, "分钟"},
        {"医保信息系统运行维护响应时间", Kind::kDuration, "分钟"},
        {"符合条件案件完成时间", Kind::kDuration, "个工作日"},
        {"补助完成时间", Kind::kDuration, "天"},
        {"医保政策宣传及时性", Kind::kText, "及时完成"}}},
      {"效益指标",
       "社会效益指标",
       1,
       3,
       {{"提高医保经办机构工作效能", Kind::kText, "有效提高"},
        {"减轻居民经济负担", Kind::kText, "有效减轻"},
        {"促进社会稳定", Kind::kText, "有效促进"},
        {"推动医保支付方式改革", Kind::kText, "显著提升"},
        {"改善办公环境", Kind::kText, "明显改善"},
        {"方便群众办理日常医保业务", Kind::kText, "显著提高"},
        {"提升医保经办服务能力", Kind::kText, "明显提升"},
        {"政策宣传知晓率", Kind::kRate, ""},
        {"居民医疗保险政策知晓率", Kind::kRate, ""},
        {"DRG系统应用率", Kind::kRate, ""}}},
      {"效益指标",
       "可持续影响指标",
       1,
       2,
       {{"促进社会和谐稳定", Kind::kText, "有效促进"},
        {"保障基金运行安全", Kind::kText, "有效保障"},
        {"完善医疗保障体系效果", Kind::kText, "效果明显"},
        {"职工查体机制健全性", Kind::kText, "健全"},
        {"持续保障城乡居民医疗保障需求", Kind::kText, "持续保障"},
        {"医保业务系统稳定性", Kind::kText, "稳定"},
        {"定点药店诊所基金监管", Kind::kText, "全覆盖"}}},
      {"效益指标",
       "经济效益指标",
       0,
       1,
       {{"医保基金支出预算偏差情况", Kind::kText, "无超支"},
        {"享受待遇人员生活质量", Kind::kText, "明显改善"},
        {"保障慢特病患者门诊医疗待遇", Kind::kText, "显著提升"}}},
      {"满意度指标",
       "服务对象满意度指标",
       1,
       2,
       {{"服务对象满意度", Kind::kRate, ""},
        {"参保群众满意度", Kind::kRate, ""},
        {"患者满意度", Kind::kRate, ""},
        {"参保职工满意度", Kind::kRate, ""},
        {"受益人员满意度", Kind::kRate, ""},
        {"医保定点医疗机构满意度", Kind::kRate, ""},
        {"培训者满意度", Kind::kRate, ""}}},
  };
  return v;
}

constexpr const char* kTopics[] = {
    "医疗保险基金征缴经费补助", "医保专项业务经费",     "基层医保工作站项目",
    "医保信息系统运行维护",     "门诊慢特病鉴定费",     "居民医疗保险财政补助",
    "居民长期护理保险财政补助", "离休干部医疗费",       "建国前老工人医疗费补助",
    "特殊群体医疗费",           "职工免费健康查体",     "医保经办服务能力提升",
    "医保政策宣传培训",         "医保基金监管专项",     "异地就医直接结算",
    "医保支付方式改革",         "定点医药机构稽核",     "医保电子凭证推广",
    "医保网络安全等级保护",     "意外伤害保险经办服务", "新冠疫苗接种费用补助",
    "大病保险经办服务费",       "医疗救助资金",         "医保服务窗口运行",
    "医保业务印刷品采购",       "医保专线租赁",         "聘用经办人员经费",
    "医保档案数字化",           "医保智能审核系统",     "长期护理保险试点",
    "生育保险待遇发放",         "城乡居民医保参保扩面", "医保基金预警监测",
    "医保便民服务站建设",       "医保政务服务热线",     "医保药品集中采购",
    "医保经办标准化建设",       "医保数据治理",         "医保服务满意度调查",
    "定点医疗机构考核"};
constexpr int kTopicCount = sizeof kTopics / sizeof kTopics[0];

constexpr const char* kCities[] = {"济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市",
                                   "潍坊市", "济宁市", "泰安市", "威海市", "日照市", "临沂市",
                                   "德州市", "聊城市", "滨州市", "菏泽市"};
constexpr const char* kDistricts[] = {"市本级", "一区",   "二区", "三区", "四区", "五区",
                                      "高新区", "开发区", "一县", "二县", "三县", "四县"};
constexpr const char* kUnits[] = {
    "医疗保障局",           "医疗保险事业中心", "医疗保险基金稽核中心",
    "医疗保障服务中心",     "卫生健康委员会",   "民政局",
    "人力资源和社会保障局", "财政局",           "退役军人事务局",
    "残疾人联合会",         "教育局",           "总工会",
    "疾病预防控制中心",     "红十字会",         "老龄工作委员会办公室",
    "医疗保障信息中心"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋",   "勇",
                                  "艳", "杰", "涛", "明", "超", "霞", "平", "刚", "桂英", "建华"};
constexpr int kProjectsPerUnit = 33;

// A number as the tables write it: up to `decimals` decimals, no trailing zeros.
std::string Num(double x, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  double Uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng_); }
  int Int(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng_); }
  bool Chance(double p) { return Uniform(0, 1) < p; }
  template <typename T, std::size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[std::size_t(Int(0, int(N) - 1))];
  }
  double Pick(std::initializer_list<double> a) { return *(a.begin() + Int(0, int(a.size()) - 1)); }

  // Splits `cap` into n whole-point weights of at least 2 (n ≥ 1, 2n ≤ cap).
  std::vector<int> Split(int cap, int n) {
    std::vector<int> w(std::size_t(n), 2);
    for (int left = cap - 2 * n; left > 0; --left) ++w[std::size_t(Int(0, n - 1))];
    return w;
  }

  std::mt19937 rng_;
};

struct Entry {  // one indicator of a generated project
  const char* level2;
  std::string name;
  Kind kind;
  int weight;
  std::string target, actual, judgement, score, reason;
  // For values.tsv: the target's number and the unit an actual is written in.
  double number = 0;
  std::string actual_unit;
  bool reverse = false;
};

void Quote(std::string& out, const std::string& s) {
  out += '"';
  out += s;
  out += '"';
}

// Fills target and actual of one indicator.
void Values(Generator& g, Entry& e, const Name& n) {
  const bool miss = g.Chance(0.08);
  const char* kReasons[] = {"受政策调整影响，部分工作顺延，下年度加快推进。",
                            "前期准备时间较长，已制定整改计划，下年度按期完成。",
                            "实际需求低于预期，下年度科学测算目标值。"};
  switch (n.kind) {
    case Kind::kMoney: {
      const double x = std::round(g.Uniform(0.5, 300) * 100) / 100;
      e.number = x;
      e.reverse = true;
      e.target = "≤" + Num(x) + "万元";
      e.actual_unit = "万元";
      const double y = x * (miss ? g.Uniform(1.02, 1.15) : g.Uniform(0.6, 1.0));
      e.actual = Num(y) + "万元";
      if (miss) e.reason = g.Pick(kReasons);
      break;
    }
    case Kind::kPerCapita: {
      const double x = (g.Pick({5, 15, 25, 67, 160, 201, 520, 670, 700, 1200}));
      e.number = x;
      e.reverse = true;
      e.target = "≤" + Num(x) + "元/人/年";
      e.actual_unit = "元/人/年";
      const double y = x * (miss ? g.Uniform(1.02, 1.15) : g.Uniform(0.7, 1.0));
      e.actual = Num(y) + "元/人/年";
      if (miss) e.reason = g.Pick(kReasons);
      break;
    }
    case Kind::kCount: {
      const std::string unit = n.unit;
      const bool wan = unit.rfind("万", 0) == 0;
      const double x = wan ? std::round(g.Uniform(0.5, 200) * 10) / 10 : double(g.Int(2, 20000));
      e.number = x;
      const bool eq = g.Chance(0.25);
      e.target = (eq ? "=" : "≥") + Num(x) + unit;
      e.actual_unit = unit;
      double y = miss ? x * g.Uniform(0.8, 0.98) : x * (eq ? 1.0 : g.Uniform(1.0, 1.15));
      y = wan ? std::round(y * 100) / 100 : std::round(y);
      if (miss && y >= x) y = wan ? x - 0.01 : x - 1;
      e.actual = Num(y) + unit;
      if (y < x) e.reason = g.Pick(kReasons);
      break;
    }
    case Kind::kRate: {
      const bool full = g.Chance(0.25);
      const double p = full ? 100 : (g.Pick({80, 85, 90, 95, 98}));
      e.number = p;
      e.target = (full ? "=" : "≥") + Num(p) + "%";
      e.actual_unit = "%";
      double y = miss ? p - g.Uniform(1, 10) : std::min(100.0, p + g.Uniform(0, 8));
      y = std::round(y * 100) / 100;
      e.actual = Num(y) + "%";
      if (y < p) e.reason = g.Pick(kReasons);
      break;
    }
    case Kind::kDuration: {
      const std::string unit = n.unit;
      const double x = unit == "分钟"   ? (g.Pick({10, 15, 30, 60}))
                       : unit == "小时" ? (g.Pick({1, 2, 4, 24}))
                                        : (g.Pick({5, 7, 10, 15, 30}));
      e.number = x;
      e.reverse = true;
      e.target = "≤" + Num(x) + unit;
      e.actual_unit = unit;
      const double y = miss ? x + double(g.Int(1, 3)) : std::max(1.0, x - double(g.Int(0, 3)));
      e.actual = Num(y) + unit;
      if (miss) e.reason = g.Pick(kReasons);
      break;
    }
    case Kind::kText: {
      e.target = n.unit;
      if (g.Chance(0.1)) {
        // Partly achieved: the evaluator's judgement and a score inside the 60–80% band.
        e.actual = "初步实现，仍需完善";
        e.judgement = "部分达成";
        const double s = std::ceil(e.weight * g.Uniform(0.6, 0.8) * 10) / 10;
        e.score = Num(std::min(s, e.weight * 0.8), 1);
        e.reason = g.Pick(kReasons);
      } else {
        e.actual = n.unit;
      }
      break;
    }
  }
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error(path.string() + ": cannot write");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace

GenerateSummary Generate(const std::filesystem::path& dir, const GenerateOptions& o) {
  namespace fs = std::filesystem;
  Generator g(o.seed);
  GenerateSummary sum;
  const auto& vocab = Vocabulary();
  const int caps[] = {20, 40, 20, 10};  // shandong: 成本 产出 效益 满意度
  const char* level1s[] = {"成本指标", "产出指标", "效益指标", "满意度指标"};
  // values.tsv takes every quantitative indicator of every stride-th project (about nine each).
  const int stride = std::max(1, o.projects * 9 / std::max(1, o.values));
  std::string values;
  std::string y;
  y.reserve(8192);
  fs::path folder;
  for (int i = 0; i < o.projects; ++i) {
    const int u = i / kProjectsPerUnit;
    const std::string city = kCities[(u / 192) % 16];
    const std::string district = kDistricts[(u / 16) % 12];
    const std::string unit = city + district + kUnits[u % 16];
    const std::string department = city + district + "医疗保障局";
    const std::string name = unit + kTopics[(i % kProjectsPerUnit + u * 7) % kTopicCount];
    char sub[64];
    std::snprintf(sub, sizeof sub, "c%02d/u%04d", i / 1000, u);
    if (fs::path(sub) != folder) {
      folder = sub;
      fs::create_directories(dir / "projects" / folder);
    }

    // The indicator tree: names drawn without repetition per 二级, weights filling the caps.
    std::vector<Entry> entries;
    for (int l1 = 0; l1 < 4; ++l1) {
      std::vector<Entry> of_l1;
      for (const Level& lv : vocab) {
        if (std::string(lv.level1) != level1s[l1]) continue;
        std::vector<int> order(lv.names.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = int(k);
        std::shuffle(order.begin(), order.end(), g.rng_);
        const int n = g.Int(lv.min, lv.max);
        for (int k = 0; k < n; ++k) {
          Entry e;
          e.level2 = lv.level2;
          e.name = lv.names[std::size_t(order[std::size_t(k)])].name;
          e.kind = lv.names[std::size_t(order[std::size_t(k)])].kind;
          of_l1.push_back(std::move(e));
        }
      }
      const std::vector<int> w = g.Split(caps[l1], int(of_l1.size()));
      for (std::size_t k = 0; k < of_l1.size(); ++k) {
        of_l1[k].weight = w[k];
        for (const Level& lv : vocab) {
          if (std::string(lv.level2) != of_l1[k].level2) continue;
          for (const Name& n : lv.names)
            if (of_l1[k].name == n.name) Values(g, of_l1[k], n);
        }
        entries.push_back(std::move(of_l1[k]));
      }
    }

    const double annual = std::round(g.Uniform(5, 600) * 100) / 100;
    const double executed = std::round(annual * g.Uniform(0.55, 1.0) * 100) / 100;
    const std::string manager = std::string(g.Pick(kSurnames)) + g.Pick(kGiven);

    y.clear();
    y += "# Synthetic project for the jixiao benchmark (bench/generate.cpp), seed ";
    y += std::to_string(o.seed) + ".\n";
    y += "project: " + name + "\nyear: " + std::to_string(o.year) + "\n";
    y += "department: " + department + "\nunit: " + unit + "\nmanager: " + manager + "\n";
    y += "policy: shandong\nform: local\nstatus: implemented\n\n";
    y += "budget:\n  initial: " + Num(annual) + "\n  annual: " + Num(annual) +
         "\n  executed: " + Num(executed) + "\n";
    if (executed < annual * 0.9)
      y += "  explanation: \"部分项目按进度拨付，剩余资金结转下年使用。\"\n";
    y += "  sources:\n    当年财政拨款: {initial: " + Num(annual) + ", annual: " + Num(annual) +
         ", executed: " + Num(executed) + "}\n    上年结转资金: {}\n    其他资金: {}\n\n";
    y += "goal:\n  planned: \"保障" + name + "平稳运行，提升医保经办服务水平和群众满意度。\"\n";
    y += "  achieved: \"" + name + "按计划实施，服务水平和群众满意度明显提升。\"\n\n";
    y += "indicators:\n";
    const char* l1_open = nullptr;
    const char* l2_open = nullptr;
    for (const Entry& e : entries) {
      std::string l1;
      for (const Level& lv : vocab)
        if (lv.level2 == e.level2) l1 = lv.level1;
      if (!l1_open || l1 != l1_open) {
        for (const char* s : level1s)
          if (l1 == s) l1_open = s;
        y += "  ";
        y += l1_open;
        y += ":\n";
        l2_open = nullptr;
      }
      if (l2_open != e.level2) {
        l2_open = e.level2;
        y += "    ";
        y += e.level2;
        y += ":\n";
      }
      y += "      - {name: ";
      Quote(y, e.name);
      y += ", weight: " + std::to_string(e.weight) + ", target: ";
      Quote(y, e.target);
      y += ", actual: ";
      Quote(y, e.actual);
      if (!e.judgement.empty()) y += ", judgement: " + e.judgement + ", score: " + e.score;
      if (!e.reason.empty()) {
        y += ", reason: ";
        Quote(y, e.reason);
      }
      y += "}\n";
      ++sum.indicators;
    }
    char file[32];
    std::snprintf(file, sizeof file, "p%06d.yaml", i);
    WriteFile(dir / "projects" / folder / file, y);
    sum.bytes += std::int64_t(y.size());
    ++sum.projects;

    if (i % stride == 0) {
      for (const Entry& e : entries) {
        if (sum.values >= o.values) break;
        if (e.kind == Kind::kText) continue;
        // Two new values, both scorable and different from the file's actual.
        std::string v[2];
        for (int k = 0; k < 2; ++k) {
          double x = e.number * (e.reverse ? 0.7 + 0.1 * k : 1.01 + 0.02 * k);
          if (e.actual_unit == "%") x = std::min(100.0, e.number + 0.5 + k) - 0.25;
          v[k] = Num(x) + e.actual_unit;
        }
        if (v[0] == e.actual || v[1] == e.actual || v[0] == v[1]) continue;
        std::string l1;
        for (const Level& lv : vocab)
          if (lv.level2 == e.level2) l1 = lv.level1;
        values += name + "\t" + l1 + "/" + e.level2 + "/" + e.name + "\t" + e.name + "\t" + v[0] +
                  "\t" + v[1] + "\n";
        ++sum.values;
      }
    }
  }
  WriteFile(dir / "values.tsv", values);
  return sum;
}

std::vector<ValueRow> ReadValues(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  std::vector<ValueRow> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t k = 0; k <= line.size(); ++k) {
      if (k == line.size() || line[k] == '\t') {
        f.push_back(line.substr(start, k - start));
        start = k + 1;
      }
    }
    if (f.size() != 5) throw std::runtime_error(file.string() + ": bad row '" + line + "'");
    out.push_back(ValueRow{f[0], f[1], f[2], {f[3], f[4]}});
  }
  return out;
}

}  // namespace jixiao::bench
