// engine/web/pages_internal.h — what the page renderers share (not part of the library's
// interface): escaping, the CSRF field, role labels, the download formats.
#ifndef JIXIAO_ENGINE_WEB_PAGES_INTERNAL_H_
#define JIXIAO_ENGINE_WEB_PAGES_INTERNAL_H_

#include <string>
#include <string_view>

#include "engine/web/pages.h"

namespace jixiao::web {

// Text escaped for HTML element content and double-quoted attributes.
std::string E(std::string_view s);
// <input type="hidden" name="csrf" value="…">: every POST form has it.
std::string CsrfField(const PageUser& user);

// The formats a project's tables and the unit's tables download in (report --format names).
inline constexpr const char* kDownloadFormats[] = {"html", "xlsx", "csv", "md", "json", "pdf"};

}  // namespace jixiao::web

#endif  // JIXIAO_ENGINE_WEB_PAGES_INTERNAL_H_
