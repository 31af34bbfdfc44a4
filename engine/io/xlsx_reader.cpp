#include "engine/io/xlsx_reader.h"

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>
#include <pugixml.hpp>

#include "indicators/diagnostics.h"
#include "indicators/i18n.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

class Workbook {
 public:
  explicit Workbook(const std::filesystem::path& path) : path_(path.string()) {
    int err = 0;
    zip_.reset(zip_open(path_.c_str(), ZIP_RDONLY, &err));
    if (!zip_) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      const std::string why = err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS
                                  ? Tr("not an .xlsx workbook (not a zip archive)")
                              : err == ZIP_ER_NOENT || err == ZIP_ER_OPEN
                                  ? Tr("cannot open the file")
                                  : zip_error_strerror(&ze);
      zip_error_fini(&ze);
      throw IoError(TrF("{0}: {1}", path_, why));
    }
  }

  bool Has(const std::string& name) { return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0; }

  // The part `name` parsed as XML; throws IoError when it is missing, too large or not XML.
  pugi::xml_document Xml(const std::string& name) {
    const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
    if (index < 0) throw IoError(TrF("{}: not an .xlsx workbook (no {})", path_, name));
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
      throw IoError(TrF("{}: cannot read {}", path_, name));
    }
    if (st.size > kMaxXlsxPartBytes) {
      throw IoError(TrF("{}: {} is {} MiB uncompressed; the limit is {} MiB", path_, name,
                        st.size >> 20, kMaxXlsxPartBytes >> 20));
    }
    std::string bytes(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip_.get(), index, 0);
    if (!f) throw IoError(TrF("{}: cannot read {}", path_, name));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const zip_int64_t n = zip_fread(f, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    zip_fclose(f);
    if (got != bytes.size()) throw IoError(TrF("{}: {} is damaged", path_, name));
    pugi::xml_document doc;
    const pugi::xml_parse_result r = doc.load_buffer(bytes.data(), bytes.size());
    if (!r) {
      throw IoError(TrF("{}: {} is not well-formed XML ({} at byte {})", path_, name,
                        r.description(), r.offset));
    }
    return doc;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Zip zip_;
};

// All text of a shared or inline string: <t> directly, or the runs <r><t>; phonetic runs
// (<rPh>, furigana) are not part of the value.
std::string StringItem(const pugi::xml_node& si) {
  std::string out;
  for (pugi::xml_node n : si.children()) {
    const std::string_view name = n.name();
    if (name == "t") {
      out += n.text().get();
    } else if (name == "r") {
      out += n.child("t").text().get();
    }
  }
  return out;
}

// Built-in number formats that matter for reading values back (ECMA-376 §18.8.30).
std::string BuiltinFormat(int id) {
  switch (id) {
    case 0:
      return "General";
    case 1:
      return "0";
    case 2:
      return "0.00";
    case 9:
      return "0%";
    case 10:
      return "0.00%";
    case 49:
      return "@";
    default:
      return "";
  }
}

std::string ResolveTarget(std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  if (target.rfind("xl/", 0) == 0) return target;
  return "xl/" + target;
}

std::string FormatValue(double x, const std::string& format) {
  if (format.find('%') != std::string::npos) {
    // 0.98 → 98%; round away the binary noise of ×100 (0.98 × 100 = 98.00000000000001).
    return FormatNumber(x * 100, 8) + "%";
  }
  return FormatNumber(x, 10);
}

}  // namespace

std::optional<std::pair<int, int>> ParseCellRef(const std::string& ref) {
  std::size_t i = 0;
  long col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return std::nullopt;
    ++i;
  }
  if (i == 0 || i == ref.size()) return std::nullopt;
  long row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
    row = row * 10 + (ref[i] - '0');
    if (row > 1048576) return std::nullopt;
  }
  if (row == 0) return std::nullopt;
  return std::make_pair(static_cast<int>(row - 1), static_cast<int>(col - 1));
}

const XlsxCell* XlsxSheet::At(int row, int col) const {
  for (const XlsxCell& c : cells)
    if (c.row == row && c.col == col) return &c;
  return nullptr;
}

int XlsxSheet::Rows() const {
  int n = 0;
  for (const XlsxCell& c : cells) n = std::max(n, c.row + 1);
  return n;
}

std::vector<XlsxSheet> ReadXlsx(const std::filesystem::path& path) {
  Workbook wb(path);

  std::vector<std::string> shared;
  if (wb.Has("xl/sharedStrings.xml")) {
    const pugi::xml_document doc = wb.Xml("xl/sharedStrings.xml");
    for (pugi::xml_node si : doc.child("sst").children("si")) shared.push_back(StringItem(si));
  }

  // Cell style index → number format code.
  std::vector<std::string> style_format;
  if (wb.Has("xl/styles.xml")) {
    const pugi::xml_document doc = wb.Xml("xl/styles.xml");
    const pugi::xml_node ss = doc.child("styleSheet");
    std::map<int, std::string> custom;
    for (pugi::xml_node f : ss.child("numFmts").children("numFmt"))
      custom[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
    for (pugi::xml_node xf : ss.child("cellXfs").children("xf")) {
      const int id = xf.attribute("numFmtId").as_int();
      const auto it = custom.find(id);
      style_format.push_back(it != custom.end() ? it->second : BuiltinFormat(id));
    }
  }

  std::map<std::string, std::string> targets;  // relationship id → part name
  {
    const pugi::xml_document rels = wb.Xml("xl/_rels/workbook.xml.rels");
    for (pugi::xml_node r : rels.child("Relationships").children("Relationship"))
      targets[r.attribute("Id").value()] = ResolveTarget(r.attribute("Target").value());
  }

  std::vector<XlsxSheet> sheets;
  std::size_t total_cells = 0;
  const pugi::xml_document book = wb.Xml("xl/workbook.xml");
  for (pugi::xml_node s : book.child("workbook").child("sheets").children("sheet")) {
    XlsxSheet sheet;
    sheet.name = s.attribute("name").value();
    const auto t = targets.find(s.attribute("r:id").value());
    if (t == targets.end()) {
      throw IoError(TrF("{0}: sheet '{1}' has no part in the workbook", wb.path(), sheet.name));
    }
    const pugi::xml_document doc = wb.Xml(t->second);
    const pugi::xml_node ws = doc.child("worksheet");
    int next_row = 0;
    for (pugi::xml_node row : ws.child("sheetData").children("row")) {
      const int r = row.attribute("r") ? row.attribute("r").as_int() - 1 : next_row;
      next_row = r + 1;
      int next_col = 0;
      for (pugi::xml_node c : row.children("c")) {
        XlsxCell cell;
        cell.row = r;
        cell.col = next_col;
        if (const char* ref = c.attribute("r").value(); *ref) {
          const auto rc = ParseCellRef(ref);
          if (!rc) {
            throw IoError(
                TrF("{0}: sheet '{1}': bad cell reference '{2}'", wb.path(), sheet.name, ref));
          }
          std::tie(cell.row, cell.col) = *rc;
        }
        next_col = cell.col + 1;
        const unsigned style = c.attribute("s").as_uint();
        cell.format = style < style_format.size() ? style_format[style] : "General";
        const std::string type = c.attribute("t").value();
        const char* v = c.child("v").text().get();
        if (type == "s") {
          const unsigned long i = std::strtoul(v, nullptr, 10);
          if (i >= shared.size()) {
            throw IoError(
                TrF("{0}: sheet '{1}': cell {2} names shared string {3}, which does "
                    "not exist",
                    wb.path(), sheet.name, c.attribute("r").value(), v));
          }
          cell.text = shared[i];
        } else if (type == "inlineStr") {
          cell.text = StringItem(c.child("is"));
        } else if (type == "str" || type == "e") {
          cell.text = v;
        } else if (type == "b") {
          cell.text = std::string(v) == "1" ? "TRUE" : "FALSE";
        } else if (*v) {
          char* end = nullptr;
          const double x = std::strtod(v, &end);
          if (end && *end == '\0') {
            cell.number = x;
            cell.text = FormatValue(x, cell.format);
          } else {
            cell.text = v;
          }
        } else {
          continue;  // a styled empty cell
        }
        if (++total_cells > kMaxXlsxCells) {
          throw IoError(
              TrF("{0}: more than {1} cells; the limit is {1}", wb.path(), kMaxXlsxCells));
        }
        sheet.cells.push_back(std::move(cell));
      }
    }
    for (pugi::xml_node m : ws.child("mergeCells").children("mergeCell"))
      sheet.merges.push_back(m.attribute("ref").value());
    sheets.push_back(std::move(sheet));
  }
  if (sheets.empty()) throw IoError(TrF("{}: the workbook has no sheet", wb.path()));
  return sheets;
}

}  // namespace jixiao
