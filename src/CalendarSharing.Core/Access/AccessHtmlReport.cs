using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// Get-CalendarAccessReport -HtmlPath: the report's rows as one self-contained HTML page (inline CSS and script, nothing
    /// fetched, so it opens offline and can be mailed on): a summary read at a glance (rows per exposure class, grants over
    /// the sharing policy, calendars that could not be read), the riskiest calendars first, a bar chart in inline SVG, and
    /// the table of every row with a text filter and an exposure filter. The rows travel as JSON inside the page (every
    /// '&lt;', '&gt;' and '&amp;' escaped, so no value can end the script element) and the script puts each value into the
    /// page as text (textContent), never as markup; the few values written server-side are HTML-escaped.
    /// </summary>
    public static class AccessHtmlReport
    {
        /// <summary>The columns of the table and of the JSON, in order.</summary>
        public static IReadOnlyList<string> Columns { get; } = new[]
        {
            "Mailbox", "Calendar", "Principal", "Path", "Exposure", "Role", "Domain", "PolicyLimit", "OverPolicy", "Via", "PublishedDetail", "ErrorId", "Error",
        };

        /// <summary>The page for <paramref name="rows"/>.</summary>
        public static string Render(IEnumerable<CalendarAccessRow> rows, DateTimeOffset generated, string? title = null)
        {
            if (rows is null)
            {
                throw new ArgumentNullException(nameof(rows));
            }

            var list = rows.ToList();
            var heading = string.IsNullOrWhiteSpace(title) ? "Calendar access report" : title!;
            var html = new StringBuilder(4096 + (list.Count * 200));
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
            html.Append("<title>").Append(Escape(heading)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
            html.Append("<h1>").Append(Escape(heading)).Append("</h1>\n");
            html.Append("<p class=\"meta\">Generated ").Append(Escape(generated.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture)))
                .Append(" from ").Append(list.Count.ToString(CultureInfo.InvariantCulture)).Append(" row(s) by CalendarSharing (Get-CalendarAccessReport).</p>\n");
            html.Append(Body);
            html.Append("<script type=\"application/json\" id=\"rows\">");
            WriteJson(html, list);
            html.Append("</script>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
            return html.ToString();
        }

        /// <summary>HTML-escapes text for an element or a quoted attribute.</summary>
        public static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var b = new StringBuilder(text!.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '<': b.Append("&lt;"); break;
                    case '>': b.Append("&gt;"); break;
                    case '&': b.Append("&amp;"); break;
                    case '"': b.Append("&quot;"); break;
                    case '\'': b.Append("&#39;"); break;
                    default: b.Append(c); break;
                }
            }

            return b.ToString();
        }

        private static void WriteJson(StringBuilder b, IReadOnlyList<CalendarAccessRow> rows)
        {
            b.Append('[');
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                if (i > 0)
                {
                    b.Append(',');
                }

                b.Append('[');
                var values = new object?[]
                {
                    r.Mailbox, r.Calendar, r.Principal, r.Path.ToString(), r.Exposure.ToString(), r.Role?.ToString(), r.Domain, r.PolicyLimit?.ToString(),
                    r.OverPolicy, r.Via, r.PublishedDetail, r.ErrorId, r.Error,
                };
                for (var j = 0; j < values.Length; j++)
                {
                    if (j > 0)
                    {
                        b.Append(',');
                    }

                    switch (values[j])
                    {
                        case null: b.Append("null"); break;
                        case bool flag: b.Append(flag ? "true" : "false"); break;
                        default: JsonString(b, (string)values[j]!); break;
                    }
                }

                b.Append(']');
            }

            b.Append(']');
        }

        /// <summary>A JSON string that is also safe inside a script element: &lt;, &gt;, &amp; and the line separators as \u escapes.</summary>
        private static void JsonString(StringBuilder b, string s)
        {
            b.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    case '\t': b.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            b.Append(c);
                        }

                        break;
                }
            }

            b.Append('"');
        }

        private const string Css = @"body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#1b1b1b;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}.meta{color:#555;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}
.card .n{font-size:26px;font-weight:600}.card .l{color:#555;font-size:13px}
.Internal{border-left:6px solid #4a7bd0}.External{border-left:6px solid #e0a030}.Anonymous{border-left:6px solid #d04a4a}.Published{border-left:6px solid #8a4ad0}
.OverPolicy{border-left:6px solid #b00020}.Errors{border-left:6px solid #777}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}tr.over td{background:#fdecec}tr.err td{background:#f3f3f3;color:#555}
.filters{margin:8px 0;display:flex;gap:8px}input,select{font-size:13px;padding:4px}
";

        private const string Body = @"<h2>Summary</h2>
<div class=""cards"">
<div class=""card Internal""><div class=""n"" id=""count-Internal"">0</div><div class=""l"">Internal</div></div>
<div class=""card External""><div class=""n"" id=""count-External"">0</div><div class=""l"">External</div></div>
<div class=""card Anonymous""><div class=""n"" id=""count-Anonymous"">0</div><div class=""l"">Anonymous</div></div>
<div class=""card Published""><div class=""n"" id=""count-Published"">0</div><div class=""l"">Published</div></div>
<div class=""card OverPolicy""><div class=""n"" id=""count-OverPolicy"">0</div><div class=""l"">Over the sharing policy</div></div>
<div class=""card Errors""><div class=""n"" id=""count-Errors"">0</div><div class=""l"">Could not be read</div></div>
<div class=""card""><div class=""n"" id=""count-Calendars"">0</div><div class=""l"">Calendars</div></div>
</div>
<svg id=""chart"" width=""520"" height=""150"" role=""img"" aria-label=""Rows per exposure class""></svg>
<h2>Riskiest calendars</h2>
<table id=""risky""><thead><tr><th>Calendar</th><th>Score</th><th>Why</th></tr></thead><tbody></tbody></table>
<h2>Every grant</h2>
<div class=""filters""><input id=""filter"" type=""search"" placeholder=""Filter (any column)"" size=""40"">
<select id=""exposure""><option value="""">Every exposure</option><option>Internal</option><option>External</option><option>Anonymous</option><option>Published</option><option value=""over"">Over the policy</option><option value=""error"">Could not be read</option></select>
<span id=""shown""></span></div>
<table id=""grants""><thead><tr></tr></thead><tbody></tbody></table>
";

        private const string Script = @"(function () {
'use strict';
var cols = ['Mailbox','Calendar','Principal','Path','Exposure','Role','Domain','PolicyLimit','OverPolicy','Via','PublishedDetail','ErrorId','Error'];
var rows = JSON.parse(document.getElementById('rows').textContent);
var C = {}; cols.forEach(function (c, i) { C[c] = i; });
function text(el, t) { el.textContent = t == null ? '' : String(t); return el; }
function add(parent, tag, t) { var e = document.createElement(tag); parent.appendChild(e); if (t !== undefined) { text(e, t); } return e; }
var counts = { Internal: 0, External: 0, Anonymous: 0, Published: 0, OverPolicy: 0, Errors: 0 };
var calendars = {};
rows.forEach(function (r) {
  var key = r[C.Mailbox] + '\\' + r[C.Calendar];
  var cal = calendars[key] || (calendars[key] = { name: key, score: 0, why: {} });
  if (r[C.ErrorId]) { counts.Errors++; cal.why['could not be read'] = 1; return; }
  counts[r[C.Exposure]]++;
  if (r[C.OverPolicy]) { counts.OverPolicy++; cal.score += 5; cal.why['over the sharing policy'] = 1; }
  var role = r[C.Role];
  if (r[C.Exposure] === 'Anonymous' || r[C.Exposure] === 'Published') { cal.score += 4; cal.why[r[C.Exposure].toLowerCase()] = 1; }
  else if (r[C.Exposure] === 'External') { cal.score += 3; cal.why['shared with ' + (r[C.Domain] || 'outside')] = 1; }
  else if (r[C.Path] === 'Default' && role && role !== 'None' && role !== 'AvailabilityOnly' && role !== 'LimitedDetails') { cal.score += 2; cal.why['Default ' + role] = 1; }
  else if (r[C.Path] === 'FullAccess') { cal.score += 1; cal.why['Full Access'] = 1; }
});
Object.keys(counts).forEach(function (k) { text(document.getElementById('count-' + k), counts[k]); });
text(document.getElementById('count-Calendars'), Object.keys(calendars).length);
var svg = document.getElementById('chart'), ns = 'http://www.w3.org/2000/svg';
var classes = ['Internal','External','Anonymous','Published'], colours = ['#4a7bd0','#e0a030','#d04a4a','#8a4ad0'];
var max = Math.max.apply(null, classes.map(function (k) { return counts[k]; }).concat([1]));
classes.forEach(function (k, i) {
  var w = Math.round(360 * counts[k] / max), y = 10 + i * 34;
  var label = document.createElementNS(ns, 'text'); label.setAttribute('x', 0); label.setAttribute('y', y + 17); text(label, k); svg.appendChild(label);
  var bar = document.createElementNS(ns, 'rect'); bar.setAttribute('x', 90); bar.setAttribute('y', y); bar.setAttribute('height', 24);
  bar.setAttribute('width', Math.max(w, 1)); bar.setAttribute('fill', colours[i]); bar.setAttribute('class', 'bar'); bar.setAttribute('data-class', k); bar.setAttribute('data-count', counts[k]); svg.appendChild(bar);
  var n = document.createElementNS(ns, 'text'); n.setAttribute('x', 96 + Math.max(w, 1)); n.setAttribute('y', y + 17); text(n, counts[k]); svg.appendChild(n);
});
var risky = Object.keys(calendars).map(function (k) { return calendars[k]; }).filter(function (c) { return c.score > 0; })
  .sort(function (a, b) { return b.score - a.score || (a.name < b.name ? -1 : 1); }).slice(0, 20);
var rb = document.querySelector('#risky tbody');
risky.forEach(function (c) { var tr = add(rb, 'tr'); add(tr, 'td', c.name); add(tr, 'td', c.score); add(tr, 'td', Object.keys(c.why).join(', ')); });
if (!risky.length) { add(add(rb, 'tr'), 'td', 'No calendar reaches outside the organisation.').colSpan = 3; }
var head = document.querySelector('#grants thead tr'); cols.forEach(function (c) { add(head, 'th', c); });
var body = document.querySelector('#grants tbody');
var trs = rows.map(function (r) {
  var tr = add(body, 'tr'); if (r[C.OverPolicy]) { tr.className = 'over'; } if (r[C.ErrorId]) { tr.className = 'err'; }
  r.forEach(function (v) { add(tr, 'td', v === true ? 'True' : v === false ? '' : v); });
  tr.dataset.search = r.join(' ').toLowerCase(); return tr;
});
function apply() {
  var f = document.getElementById('filter').value.toLowerCase(), x = document.getElementById('exposure').value, shown = 0;
  rows.forEach(function (r, i) {
    var ok = (!f || trs[i].dataset.search.indexOf(f) >= 0) &&
      (!x || (x === 'over' ? r[C.OverPolicy] : x === 'error' ? !!r[C.ErrorId] : (!r[C.ErrorId] && r[C.Exposure] === x)));
    trs[i].style.display = ok ? '' : 'none'; if (ok) { shown++; }
  });
  text(document.getElementById('shown'), shown + ' of ' + rows.length + ' row(s)');
}
document.getElementById('filter').addEventListener('input', apply);
document.getElementById('exposure').addEventListener('change', apply);
apply();
document.body.setAttribute('data-ready', 'true');
})();
";
    }
}
