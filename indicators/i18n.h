// indicators/i18n.h — the interface's language: message catalogues (GNU gettext) and local time.
//
// Every user-facing text of jixiao goes through Tr (a fixed text) or TrF (a text with {} or {0}
// placeholders, so that a translation may reorder them), with the English text as the message
// id. N_ marks a literal for extraction without translating it (tables translated when shown).
// xgettext extracts Tr, TrF and N_ (CMakeLists.txt); config/locale/zh_CN.po holds the Chinese,
// compiled by msgfmt into <build>/locale/zh_CN/LC_MESSAGES/jixiao.mo.
//
// Contract: until ActivateLanguage is called every text is the English message id, so libraries
// and tests that never choose a language see English. Only the door (engine/cli) chooses the
// language and the time zone, from options and the environment; the core reads neither. Only
// LC_MESSAGES changes: numbers are formatted in the C locale whatever the language.
// Codes (diagnostic and finding codes, stored names) are never translated.
#ifndef JIXIAO_INDICATORS_I18N_H_
#define JIXIAO_INDICATORS_I18N_H_

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace jixiao {

// The translation of msgid in the active language (msgid itself in English or when missing).
const char* Tr(const char* msgid);

// Marks a literal for extraction; the text is translated where it is shown, with Tr.
#define N_(text) text

// Tr(msgid) formatted with fmt: "{}" placeholders in order, or "{0}", "{1}" to reorder.
// A translation whose placeholders do not fit the arguments falls back to the English text.
template <class... A>
std::string TrF(const char* msgid, const A&... a) {
  try {
    return fmt::format(fmt::runtime(Tr(msgid)), a...);
  } catch (const fmt::format_error&) {
    return fmt::format(fmt::runtime(msgid), a...);
  }
}

enum class Lang { kEn, kZh };

// The language named by a locale string as found in LC_ALL, LC_MESSAGES or LANG ("zh_CN.UTF-8",
// "zh" → Chinese; "C", "en_US.UTF-8", "" → English).
Lang LangOfLocale(std::string_view locale);

// Makes `lang` the language of Tr, with the catalogues found under catalogue_dir
// (catalogue_dir/zh_CN/LC_MESSAGES/jixiao.mo). Works without any generated locale: LC_MESSAGES
// is set to C.UTF-8 when the language's own locale is not installed, and LANGUAGE names the
// catalogue. English: LC_MESSAGES C, every text its message id.
void ActivateLanguage(Lang lang, const std::string& catalogue_dir);

// The folder of the catalogues next to the running binary: <exe dir>/locale, then
// <exe dir>/../share/locale; empty when neither holds jixiao's catalogue.
std::string FindCatalogueDir();

// A stored UTC time ("2026-12-01T02:04:46.123Z", ISO 8601) shown in the process's local time
// zone (TZ, set by the door) with its offset: "2026-12-01 10:04:46 +08:00". Text that is not
// such a time is returned unchanged.
std::string ShowTime(std::string_view utc_iso);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_I18N_H_
