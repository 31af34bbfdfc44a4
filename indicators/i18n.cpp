#include "indicators/i18n.h"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace jixiao {
namespace {

constexpr const char* kDomain = "jixiao";

}  // namespace

const char* Tr(const char* msgid) { return dgettext(kDomain, msgid); }

Lang LangOfLocale(std::string_view locale) {
  return locale.substr(0, 2) == "zh" ? Lang::kZh : Lang::kEn;
}

void ActivateLanguage(Lang lang, const std::string& catalogue_dir) {
  if (!catalogue_dir.empty()) bindtextdomain(kDomain, catalogue_dir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
  if (lang == Lang::kEn) {
    setenv("LANGUAGE", "en", 1);
    std::setlocale(LC_MESSAGES, "C");
    return;
  }
  // glibc reads LANGUAGE unless the LC_MESSAGES locale is exactly C or POSIX: C.UTF-8 (built
  // into glibc) serves when zh_CN.UTF-8 was never generated on the machine.
  setenv("LANGUAGE", "zh_CN", 1);
  if (!std::setlocale(LC_MESSAGES, "zh_CN.UTF-8")) std::setlocale(LC_MESSAGES, "C.UTF-8");
}

std::string FindCatalogueDir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path dir = exe.parent_path();
  for (const std::filesystem::path& c : {dir / "locale", dir / ".." / "share" / "locale"}) {
    if (std::filesystem::exists(c / "zh_CN" / "LC_MESSAGES" / "jixiao.mo", ec)) {
      return c.lexically_normal().string();
    }
  }
  return {};
}

std::string ShowTime(std::string_view utc_iso) {
  const std::string text(utc_iso);
  std::tm tm{};
  char t = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &t, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 7 ||
      t != 'T') {
    return text;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t when = timegm(&tm);
  std::tm local{};
  if (when == -1 || !localtime_r(&when, &local)) return text;
  const long off = local.tm_gmtoff;
  const long abs_off = off < 0 ? -off : off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d %c%02ld:%02ld",
                local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min,
                local.tm_sec, off < 0 ? '-' : '+', abs_off / 3600, abs_off % 3600 / 60);
  return buf;
}

}  // namespace jixiao
