// engine/web/assets.h — the web workspace's static files (engine/web/assets/: app.css, app.js),
// compiled into the binary at build time (cmake/embed_assets.cmake) and served at /static/NAME.
#ifndef JIXIAO_ENGINE_WEB_ASSETS_H_
#define JIXIAO_ENGINE_WEB_ASSETS_H_

#include <span>
#include <string_view>

namespace jixiao::web {

struct WebAsset {
  std::string_view name;          // "app.css": served at /static/app.css
  std::string_view content_type;  // "text/css; charset=utf-8"
  std::string_view bytes;         // the file's content
};

// Every embedded asset, sorted by name.
std::span<const WebAsset> WebAssets();

}  // namespace jixiao::web

#endif  // JIXIAO_ENGINE_WEB_ASSETS_H_
