#include "reporters/HtmlReporter.h"

#include "reporters/ReportText.h"
#include "reporters/TextClean.h"
#include "scanner/model/Encoding.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace migready {

namespace {

// Everything is inline (no network): the file is handed over as it is, and prints to PDF.
constexpr std::string_view kStyle = R"CSS(
:root{--blocker:#b42318;--warning:#b54708;--info:#175cd3;--ok:#067647;--muted:#667085;--line:#e4e7ec}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;margin:0;padding:0 2rem 3rem;max-width:1200px}
header.verdict{margin:0 -2rem 1.5rem;padding:1.5rem 2rem;color:#fff}
.v-READY{background:var(--ok)}.v-NOT_READY{background:var(--blocker)}.v-INCOMPLETE{background:#475467}
header h1{margin:0 0 .3rem;font-size:1.8rem}header p{margin:.2rem 0}
h2{margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f9fafb;font-weight:600}th.sort{cursor:pointer;user-select:none}th.sort:after{content:" \2195";color:var(--muted)}
.counts{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.count{border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem;min-width:9rem}
.count b{display:block;font-size:1.6rem}.blocker{color:var(--blocker)}.warning{color:var(--warning)}.info{color:var(--info)}
.badge{display:inline-block;white-space:nowrap;border-radius:999px;padding:0 .55rem;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.s-pass{color:var(--ok)}.s-fail{color:var(--blocker)}.s-not_run,.s-error{color:var(--muted)}
details.check{border:1px solid var(--line);border-radius:8px;margin:.7rem 0;padding:.4rem .8rem}details.check>summary{cursor:pointer;font-weight:600}
.doc{white-space:pre-wrap;color:#344054;margin:.5rem 0}.muted{color:var(--muted)}
.tools{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}.tools input{flex:1;padding:.35rem .5rem;border:1px solid #d0d5dd;border-radius:6px}
.tools button{padding:.3rem .7rem;border:1px solid #d0d5dd;border-radius:6px;background:#fff;cursor:pointer}
.plan{background:#fffaeb;border:1px solid #fedf89;border-radius:8px;padding:.8rem 1.2rem}.plan ol{padding-left:1.2rem}.plan li{margin:.35rem 0}
.charts{display:flex;gap:2rem;flex-wrap:wrap}.charts figure{margin:0}.charts figcaption{font-weight:600;margin-bottom:.3rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
@media print{.tools{display:none}details.check{break-inside:avoid}details.check:not([open])>*:not(summary){display:none}header.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)CSS";

// Renders each check's findings from the JSON data block: filter as you type, sort by column,
// page through; only the rows of one page are ever in the DOM. Text goes in with textContent.
constexpr std::string_view kScript = R"JS(
(function(){
"use strict";
const data=JSON.parse(document.getElementById("migready-data").textContent);
const PAGE=50;
const cols=[["Severity",r=>data.sev[r[1]]],["User",r=>r[2]],["DN",r=>r[3]?r[3]+(r[4]>=0?","+data.ous[r[4]]:""):""],
 ["UPN",r=>r[5]],["Cloud id",r=>r[6]],["Kind",r=>data.kinds[r[7]]],["Evidence",r=>r[8]>=0?data.files[r[8]]+r[9]:""],["Details",r=>r[10]||""]];
const byCheck=new Map();
data.rows.forEach((r,i)=>{const c=data.checks[r[0]];if(!byCheck.has(c))byCheck.set(c,[]);byCheck.get(c).push(i);});
function el(tag,text,cls){const e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
document.querySelectorAll("div.findings").forEach(box=>{
 const all=byCheck.get(box.dataset.check)||[];
 if(!all.length){box.appendChild(el("p","No findings.","muted"));return;}
 const st={q:"",col:-1,dir:1,page:0,rows:all};
 const tools=el("div",undefined,"tools");const input=el("input");input.type="search";input.placeholder="Filter "+all.length+" finding(s)…";input.setAttribute("aria-label","Filter findings");
 const prev=el("button","‹ Previous");const next=el("button","Next ›");const info=el("span","","muted");
 tools.append(input,prev,info,next);box.appendChild(tools);
 const table=el("table");const thead=el("thead");const hr=el("tr");
 cols.forEach((c,ci)=>{const th=el("th",c[0],"sort");th.addEventListener("click",()=>{st.dir=st.col===ci?-st.dir:1;st.col=ci;apply();});hr.appendChild(th);});
 thead.appendChild(hr);const tbody=el("tbody");table.append(thead,tbody);box.appendChild(table);
 function apply(){
  const q=st.q.toLowerCase();
  let rows=q?all.filter(i=>cols.some(c=>String(c[1](data.rows[i])).toLowerCase().includes(q))):all.slice();
  if(st.col>=0){const f=cols[st.col][1];rows.sort((a,b)=>{const x=String(f(data.rows[a])),y=String(f(data.rows[b]));return x<y?-st.dir:x>y?st.dir:0;});}
  st.rows=rows;st.page=0;render();}
 function render(){
  const pages=Math.max(1,Math.ceil(st.rows.length/PAGE));st.page=Math.min(st.page,pages-1);
  tbody.replaceChildren();
  for(const i of st.rows.slice(st.page*PAGE,(st.page+1)*PAGE)){const r=data.rows[i];const tr=el("tr");cols.forEach((c,ci)=>tr.appendChild(el("td",String(c[1](r)),ci===0?data.sev[r[1]]:undefined)));tbody.appendChild(tr);}
  info.textContent=st.rows.length+" row(s), page "+(st.page+1)+" of "+pages;prev.disabled=st.page===0;next.disabled=st.page>=pages-1;}
 input.addEventListener("input",()=>{st.q=input.value;apply();});
 prev.addEventListener("click",()=>{st.page--;render();});next.addEventListener("click",()=>{st.page++;render();});
 render();
});
document.body.dataset.rendered="true";
})();
)JS";

std::string h(std::string_view s) {
  return htmlEscape(s);
}

// A horizontal bar chart as inline SVG.
std::string barChart(const std::vector<std::pair<std::string, std::size_t>>& bars,
                     std::string_view color) {
  if (bars.empty()) return "<p class=\"muted\">Nothing to show.</p>";
  std::size_t max = 1;
  for (const auto& [label, n] : bars)
    max = std::max(max, n);
  const int rowH = 22, labelW = 260, barW = 300;
  std::string svg = fmt::format(
      R"(<svg role="img" width="{}" height="{}" xmlns="http://www.w3.org/2000/svg" font-size="12">)",
      labelW + barW + 60, rowH * static_cast<int>(bars.size()) + 4);
  int y = 0;
  for (const auto& [label, n] : bars) {
    const int w = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * barW);
    // DNs: the domain part says little in a chart; the full text is in the tooltip.
    std::string shown = label.substr(0, label.find(",DC="));
    if (shown.size() > 36) shown = shown.substr(0, 35) + "…";
    svg += fmt::format(
        R"(<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/><text x="{}" y="{}">{}</text>)",
        labelW - 6, y + 15, h(label), h(shown), labelW, y + 3, std::max(w, 1), rowH - 6, color,
        labelW + w + 6, y + 15, n);
    y += rowH;
  }
  return svg + "</svg>";
}

// Interns strings into a JSON-array-bound table.
struct Table {
  std::map<std::string, int, std::less<>> index;
  std::vector<std::string> values;
  int of(std::string_view v) {
    if (auto it = index.find(v); it != index.end()) return it->second;
    const int i = static_cast<int>(values.size());
    values.emplace_back(v);
    index.emplace(std::string(v), i);
    return i;
  }
};

void appendArray(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    appendJsonString(out, values[i], true);
  }
  out += ']';
}

// The findings as compact rows (shared strings once), escaped for a <script> block.
std::string dataBlock(const Report& r) {
  Table checks, kinds, files, ous;
  for (const CheckResult& c : r.checks)
    checks.of(c.id);
  std::string rows;
  rows.reserve(r.findings.size() * 160);
  bool first = true;
  for (const Finding& f : r.findings) {
    const std::string_view rdn = firstRdn(f.subject.dn);
    const std::string_view ou = parentDn(f.subject.dn);
    std::string file, suffix;
    int fileIndex = -1;
    if (!f.evidence.empty()) {
      const SplitLocation where = splitLocation(f.evidence[0].location);
      fileIndex = files.of(where.file);
      // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict) on "x" + std::string temporaries.
      if (where.line) {
        suffix = ":";
        suffix += std::to_string(*where.line);
      } else if (!where.pointer.empty()) {
        suffix = "#";
        suffix += where.pointer;
      }
    }
    rows += first ? "[" : ",[";
    first = false;
    rows += std::to_string(checks.of(f.check));
    rows += ',';
    rows += std::to_string(static_cast<int>(f.severity));
    rows += ',';
    appendJsonString(rows, f.subject.displayName, true);
    rows += ',';
    appendJsonString(rows, rdn, true);
    rows += ',';
    rows += std::to_string(ou.empty() ? -1 : ous.of(ou));
    rows += ',';
    appendJsonString(rows, f.subject.upn, true);
    rows += ',';
    appendJsonString(rows, f.subject.cloudId, true);
    rows += ',';
    rows += std::to_string(kinds.of(f.subject.kind));
    rows += ',';
    rows += std::to_string(fileIndex);
    rows += ',';
    appendJsonString(rows, suffix, true);
    if (f.subject.dn.empty() && f.subject.upn.empty()) { // config and tenant findings: say what
      rows += ',';
      appendJsonString(rows, f.message, true);
    }
    rows += ']';
  }
  std::string out = "{\"sev\":[\"info\",\"warning\",\"blocker\"],\"checks\":";
  appendArray(out, checks.values);
  out += ",\"kinds\":";
  appendArray(out, kinds.values);
  out += ",\"files\":";
  appendArray(out, files.values);
  out += ",\"ous\":";
  appendArray(out, ous.values);
  out += ",\"rows\":[";
  out += rows;
  out += "]}";
  return out;
}

} // namespace

void HtmlReporter::write(const Report& r, std::ostream& out) const {
  std::size_t counts[3] = {0, 0, 0};
  std::map<std::string, std::size_t> blockersByOu;
  for (const Finding& f : r.findings) {
    ++counts[static_cast<int>(f.severity)];
    if (f.severity == Severity::Blocker && !f.subject.dn.empty())
      ++blockersByOu[std::string(parentDn(f.subject.dn))];
  }
  std::string o;
  o.reserve(r.findings.size() * 200 + 64 * 1024);
  const std::string verdict(toString(r.verdict));
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";
  o += fmt::format("<title>migready: {} — {}</title><style>{}</style></head><body>\n", verdict,
                   h(r.generatedAt), kStyle);
  o += fmt::format("<header class=\"verdict v-{}\"><h1>{}</h1><p>{}</p><p>{}</p><p>migready {} · "
                   "generated {} · fails at {}</p></header>\n",
                   verdict,
                   r.verdict == Verdict::Ready      ? "Ready"
                   : r.verdict == Verdict::NotReady ? "Not ready"
                                                    : "Incomplete",
                   h(verdictHeadline(r.verdict)), h(r.verdictReason), h(r.toolVersion),
                   h(r.generatedAt), toString(r.failOn));
  o += fmt::format("<section id=\"summary\"><div class=\"counts\"><div class=\"count "
                   "blocker\"><b>{}</b>blocker(s)</div>"
                   "<div class=\"count warning\"><b>{}</b>warning(s)</div><div class=\"count "
                   "info\"><b>{}</b>info</div></div>\n",
                   counts[2], counts[1], counts[0]);
  o += "<h2>Sources: what was "
       "scanned</h2><table><thead><tr><th>Source</th><th>Status</th><th>Objects</th><th>From</"
       "th><th>Detail</th></tr></thead><tbody>";
  for (SourceKind k : kAllSources) {
    const SourceState& s = r.source(k);
    o += fmt::format("<tr><td>{}</td><td><span class=\"badge "
                     "{}\">{}</span></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                     toString(k),
                     s.status == SourceStatus::Complete      ? "s-pass"
                     : s.status == SourceStatus::NotProvided ? "s-not_run"
                                                             : "s-fail",
                     toString(s.status), s.objects, h(s.origin), h(s.detail));
  }
  o += "</tbody></table>\n";
  if (!r.facts.empty()) {
    o += "<h2>Environment</h2><table><tbody>";
    for (const Fact& f : r.facts)
      o += fmt::format("<tr><th>{}</th><td>{}</td></tr>", h(f.label), h(f.value));
    o += "</tbody></table>\n";
  }
  o += "</section>\n<section id=\"charts\"><h2>At a glance</h2><div class=\"charts\">";
  o += "<figure><figcaption>Findings by severity</figcaption>" +
       barChart({{"blocker", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}}, "#b42318") +
       "</figure>";
  o += "<figure><figcaption>AD users by kind</figcaption>" + barChart(r.usersByKind, "#175cd3") +
       "</figure>";
  std::vector<std::pair<std::string, std::size_t>> ous(blockersByOu.begin(), blockersByOu.end());
  std::sort(ous.begin(), ous.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (ous.size() > 10) ous.resize(10);
  o += "<figure><figcaption>Blockers per OU (top 10)</figcaption>" + barChart(ous, "#b42318") +
       "</figure>";
  o += "</div></section>\n";
  const auto steps = planSteps(r.plan);
  o += "<section id=\"plan\"><h2>Remediation plan</h2>";
  if (steps.empty()) {
    o += "<p class=\"muted\">No remediation needed for what was scanned.</p>";
  } else {
    o += "<div class=\"plan\"><p><b>To be run by an administrator; migready never runs it.</b> "
         "The steps follow the documented procedure for third-party migrations: first keep "
         "msExchMailboxGuid out of the sync, then remove the users that already carry it from "
         "Entra ID and bring them back.</p><ol>";
    for (const std::string& s : steps)
      o += "<li>" + h(s) + "</li>";
    o += "</ol></div>";
  }
  o += "</section>\n<section id=\"checks\"><h2>Checks</h2>";
  for (const CheckResult& c : r.checks) {
    const bool fails = failsGate(c, r.failOn);
    const std::string status = fails ? "fail" : std::string(toString(c.status));
    o += fmt::format(
        "<details class=\"check\"{}><summary>{} {} <span class=\"badge s-{}\">{}</span> "
        "<span class=\"muted\">{} finding(s){}</span></summary><div class=\"doc\">{}</div>"
        "<div class=\"findings\" data-check=\"{}\"></div></details>\n",
        fails ? " open" : "", h(c.id), h(c.title), status,
        fails ? statusWords(CheckStatus::Fail) : statusWords(c.status), c.findings,
        c.reason.empty() ? "" : " — " + h(c.reason), h(c.doc), h(c.id));
  }
  o += "</section>\n<script type=\"application/json\" id=\"migready-data\">";
  o += dataBlock(r);
  o += "</script>\n<script>";
  o += kScript;
  o += "</script>\n</body></html>\n";
  out << o;
}

} // namespace migready
