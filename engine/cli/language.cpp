// The door's choice of language and time zone (indicators/i18n.h): the only place that reads
// LC_ALL, LC_MESSAGES, LANG and TZ. --lang and --tz are read from argv before the command line is
// built, so that --help itself is in the chosen language.
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string_view>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

// The value of --NAME VALUE or --NAME=VALUE in argv (the last one given), or nullopt.
std::optional<std::string> PreScan(int argc, const char* const* argv, std::string_view name) {
  std::optional<std::string> found;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == name && i + 1 < argc) {
      found = argv[++i];
    } else if (a.size() > name.size() && a.substr(0, name.size()) == name &&
               a[name.size()] == '=') {
      found = std::string(a.substr(name.size() + 1));
    }
  }
  return found;
}

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::optional<std::string> ChooseLanguageAndZone(int argc, const char* const* argv) {
  Lang lang = Lang::kEn;
  const std::optional<std::string> lang_option = PreScan(argc, argv, "--lang");
  std::optional<std::string> problem;
  if (lang_option) {
    if (*lang_option == "zh") {
      lang = Lang::kZh;
    } else if (*lang_option != "en") {
      problem = "--lang " + *lang_option;
    }
  } else {
    const char* locale = Env("LC_ALL");
    if (!locale) locale = Env("LC_MESSAGES");
    if (!locale) locale = Env("LANG");
    if (locale) lang = LangOfLocale(locale);
  }
  ActivateLanguage(lang, FindCatalogueDir());
  if (problem) {
    return TrF("{}: the language is zh (中文) or en (English)", *problem);
  }

  // Times are shown in local time: --tz, else TZ, else 北京时间.
  std::optional<std::string> zone = PreScan(argc, argv, "--tz");
  if (zone) {
    const std::filesystem::path file = std::filesystem::path("/usr/share/zoneinfo") / *zone;
    std::error_code ec;
    if (zone->empty() || zone->find("..") != std::string::npos ||
        !std::filesystem::is_regular_file(file, ec)) {
      return TrF("--tz {}: unknown time zone; write a zone name such as Asia/Shanghai or UTC",
                 *zone);
    }
  } else if (!Env("TZ")) {
    zone = "Asia/Shanghai";
  }
  if (zone) setenv("TZ", zone->c_str(), 1);
  tzset();
  return std::nullopt;
}

void TranslateHelp(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label :
       {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
        N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes")}) {
    f->label(label, Tr(label));
  }
  // CLI11's own flags, described by CLI11.
  static_cast<void>(N_("Print this help message and exit"));
  static_cast<void>(N_("Display program version information and exit"));
  // The descriptions of every subcommand and option (extracted from their add_subcommand,
  // add_option and add_flag calls: scripts/extract-messages), the groups' names.
  std::vector<CLI::App*> apps{&app};
  for (std::size_t i = 0; i < apps.size(); ++i) {
    for (CLI::App* sub : apps[i]->get_subcommands({})) {
      sub->group(Tr("Subcommands"));
      sub->description(Tr(sub->get_description().c_str()));
      apps.push_back(sub);
    }
    for (CLI::Option* opt : apps[i]->get_options()) {
      if (opt->get_group() == "Options") opt->group(Tr("Options"));
      if (!opt->get_description().empty()) opt->description(Tr(opt->get_description().c_str()));
    }
  }
}

}  // namespace jixiao

namespace jixiao {

std::string CliErrorText(const CLI::ParseError& e) {
  // CLI11 writes its messages in English: in another language they follow a translated lead
  // that says what kind of mistake it is.
  const std::string name = e.get_name();
  const char* lead = N_("the command line cannot be read");
  if (name == "ExtrasError") lead = N_("arguments that no option takes");
  if (name == "RequiredError") lead = N_("a required argument is missing");
  if (name == "ValidationError") lead = N_("an argument's value is not valid");
  if (name == "ConversionError") lead = N_("an argument's value cannot be read");
  if (name == "ArgumentMismatch") lead = N_("an option has the wrong number of values");
  if (name == "ExcludesError") lead = N_("options that cannot be given together");
  if (name == "RequiresError") lead = N_("an option needs another option");
  const std::string translated = Tr(lead);
  if (translated == lead) return e.what();
  return TrF("{0}: {1}", translated, e.what());
}

}  // namespace jixiao
