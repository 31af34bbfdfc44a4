// The interface's language and local time (indicators/i18n.h). The catalogue itself is checked
// by tests/i18n/coverage.sh and the golden tests in both languages.
#include "indicators/i18n.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace jixiao {
namespace {

// Sets TZ for one test and puts the previous value back.
class Zone {
 public:
  explicit Zone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~Zone() {
    if (old_.empty()) {
      unsetenv("TZ");
    } else {
      setenv("TZ", old_.c_str(), 1);
    }
    tzset();
  }

 private:
  std::string old_;
};

TEST_CASE("i18n: the language of a locale") {
  struct Case {
    const char* locale;
    Lang lang;
  };
  for (const Case& c :
       {Case{"zh_CN.UTF-8", Lang::kZh}, Case{"zh_TW.UTF-8", Lang::kZh}, Case{"zh", Lang::kZh},
        Case{"C", Lang::kEn}, Case{"C.UTF-8", Lang::kEn}, Case{"POSIX", Lang::kEn},
        Case{"en_US.UTF-8", Lang::kEn}, Case{"", Lang::kEn}, Case{"z", Lang::kEn}}) {
    CAPTURE(c.locale);
    CHECK(LangOfLocale(c.locale) == c.lang);
  }
}

TEST_CASE("i18n: without a catalogue every text is its English message id") {
  CHECK(std::string(Tr("file is empty")) == "file is empty");
  CHECK(TrF("checked {} file(s): {} error(s), {} warning(s)", 3, 1, 0) ==
        "checked 3 file(s): 1 error(s), 0 warning(s)");
  CHECK(TrF("{1} before {0}", "b", "a") == "a before b");
  // An English message whose placeholders do not fit its arguments is a mistake in the code,
  // found here (a translation that does not fit falls back to the English text).
  CHECK_THROWS_AS(TrF("{} and {}", 1), fmt::format_error);
}

TEST_CASE("i18n: stored UTC times shown in the local zone with its offset") {
  struct Case {
    const char* zone;
    const char* stored;
    const char* shown;
  };
  for (const Case& c : {
           // 北京时间 is UTC+8, without daylight saving.
           Case{"Asia/Shanghai", "2026-12-01T02:04:46.123Z", "2026-12-01 10:04:46 +08:00"},
           Case{"Asia/Shanghai", "2026-12-31T16:00:00Z", "2027-01-01 00:00:00 +08:00"},
           Case{"UTC", "2026-12-01T02:04:46Z", "2026-12-01 02:04:46 +00:00"},
           // New York in July is on daylight time, UTC−4; India is UTC+5:30.
           Case{"America/New_York", "2026-07-01T12:00:00Z", "2026-07-01 08:00:00 -04:00"},
           Case{"Asia/Kolkata", "2026-07-01T12:00:00Z", "2026-07-01 17:30:00 +05:30"},
           // Not a stored time: unchanged.
           Case{"Asia/Shanghai", "yesterday", "yesterday"},
           Case{"Asia/Shanghai", "", ""},
       }) {
    CAPTURE(c.zone);
    CAPTURE(c.stored);
    Zone z(c.zone);
    CHECK(ShowTime(c.stored) == c.shown);
  }
}

}  // namespace
}  // namespace jixiao
