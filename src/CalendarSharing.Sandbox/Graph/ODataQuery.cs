using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// The OData system query options of one request ($select, $top, $skip, $filter, $orderby, $count, $expand,
    /// $search, …), parsed from the raw query string. Names are matched case-insensitively and the "$" is required
    /// (https://learn.microsoft.com/graph/query-parameters). Parameters without "$" are not OData options and are
    /// left alone. An option given twice is a 400, as OData's URI parser rejects it.
    /// </summary>
    internal sealed class ODataQuery
    {
        /// <summary>Every system query option of OData 4.01 (http://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html, section 5).</summary>
        public static readonly string[] SystemOptions =
        {
            "$select", "$top", "$skip", "$filter", "$orderby", "$count", "$expand", "$search", "$skiptoken", "$deltatoken",
            "$format", "$levels", "$apply", "$compute", "$index", "$schemaversion", "$id",
        };

        private readonly Dictionary<string, string> options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public static readonly ODataQuery Empty = new ODataQuery();

        /// <summary>The options given, lower-case with "$", in the order sent.</summary>
        public List<string> Given { get; } = new List<string>();

        /// <summary>The parameters that are not system query options (startDateTime, …), name and value decoded.</summary>
        public List<KeyValuePair<string, string>> Others { get; } = new List<KeyValuePair<string, string>>();

        public string? this[string option] => options.TryGetValue(option, out var value) ? value : null;

        public bool Has(string option) => options.ContainsKey(option);

        /// <summary>Parses "?a=b&amp;c=d" (with or without the "?"), percent-decoding names and values ("+" is a space).</summary>
        public static ODataQuery Parse(string? raw)
        {
            var query = new ODataQuery();
            if (string.IsNullOrEmpty(raw))
            {
                return query;
            }

            foreach (var part in raw!.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=');
                var name = Decode(equals < 0 ? part : part.Substring(0, equals)).Trim();
                var value = equals < 0 ? string.Empty : Decode(part.Substring(equals + 1));
                if (!name.StartsWith("$", StringComparison.Ordinal))
                {
                    query.Others.Add(new KeyValuePair<string, string>(name, value));
                    continue;
                }

                var known = SystemOptions.FirstOrDefault(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    // [Choice] text; Graph answers an unknown system query option with 400 BadRequest.
                    throw GraphException.BadRequest("BadRequest", "The query parameter '" + name + "' is not supported.");
                }

                if (query.options.ContainsKey(known))
                {
                    throw GraphException.BadRequest("BadRequest", "Query option '" + known.Substring(1) + "' was specified more than once, but it must be specified at most once.");
                }

                query.options[known] = value;
                query.Given.Add(known);
            }

            return query;
        }

        /// <summary>$top or $skip as a non-negative integer; 400 otherwise.</summary>
        public int? Integer(string option)
        {
            var text = this[option];
            if (text == null)
            {
                return null;
            }

            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw GraphException.BadRequest("BadRequest", "Invalid value '" + text + "' for the query option '" + option + "': a non-negative integer is expected.");
            }

            return value;
        }

        /// <summary>$count=true|false; 400 otherwise.</summary>
        public bool Count()
        {
            var text = this["$count"];
            if (text == null)
            {
                return false;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw GraphException.BadRequest("BadRequest", "Invalid value '" + text + "' for the query option '$count': true or false is expected.");
            }
        }

        /// <summary>The query string again, with <paramref name="replace"/> set (null removes), for @odata.nextLink.</summary>
        public string With(IDictionary<string, string?> replace)
        {
            var parts = new List<string>();
            foreach (var option in Given)
            {
                if (replace.ContainsKey(option))
                {
                    continue;
                }

                parts.Add(option + "=" + Encode(options[option]));
            }

            foreach (var pair in replace.Where(p => p.Value != null))
            {
                parts.Add(pair.Key + "=" + Encode(pair.Value!));
            }

            parts.AddRange(Others.Select(o => Encode(o.Key) + "=" + Encode(o.Value)));
            return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
        }

        private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

        // Keeps the characters OData expressions use readable (' , ( ) / :), escapes the rest.
        private static string Encode(string text) =>
            Uri.EscapeDataString(text).Replace("%27", "'").Replace("%2C", ",").Replace("%28", "(").Replace("%29", ")").Replace("%2F", "/").Replace("%3A", ":");
    }
}
