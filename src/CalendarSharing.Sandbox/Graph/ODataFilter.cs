using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// $filter as the sandbox evaluates it (https://learn.microsoft.com/graph/filter-query-parameter): comparisons
    /// eq, ne, gt, ge, lt, le of a property (or a member of a complex one: emailAddress/address) with a string,
    /// number, true/false/null or enum literal ('read' or microsoft.graph.calendarRoleType'read'); in with up to 15
    /// literals; startswith,
    /// endswith and contains on strings; and, or, not, parentheses. Strings compare case-insensitively, as Exchange
    /// does. Lambda operators (any/all) on collections are not modelled: a 400, like any unknown property.
    /// </summary>
    internal sealed class ODataFilter
    {
        /// <summary>
        /// The member an event carries, while a $filter reads its extended properties, with all of them ({id, value});
        /// ODataShaper never writes it out. Graph filters on extended properties whether they are expanded or not
        /// (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get#get-resource-instances-using-a-filter).
        /// </summary>
        public const string HiddenProperties = "@sandbox.singleValueExtendedProperties";

        /// <summary>Values one in operator may list.</summary>
        public const int MaxInValues = 15;

        private readonly List<string> tokens;
        private readonly ODataType type;
        private string? lambdaVariable;
        private readonly string text;
        private int position;

        private ODataFilter(string text, ODataType type)
        {
            this.text = text;
            this.type = type;
            tokens = Tokenize(text);
        }

        public static Func<JsonElement, bool> Parse(string text, ODataType type)
        {
            var parser = new ODataFilter(text, type);
            var expression = parser.Or();
            if (parser.position != parser.tokens.Count)
            {
                throw parser.Invalid("unexpected '" + parser.tokens[parser.position] + "'");
            }

            return expression;
        }

        /// <summary>A property path of the type (name, or complex/member); 400 for anything else.</summary>
        public static string[] Path(string text, ODataType type, string option)
        {
            var parts = text.Split('/');
            var name = type.Canonical(parts[0]);
            var kind = name == null ? null : type.Kind(name);
            if (name == null)
            {
                throw GraphException.BadRequest("BadRequest", "Could not find a property named '" + parts[0] + "' on type 'microsoft.graph." + type.Name + "'.");
            }

            if (parts.Length == 1 && kind == ODataPropertyKind.Primitive)
            {
                return new[] { name };
            }

            var members = type.Members(name);
            if (parts.Length == 2 && kind == ODataPropertyKind.Complex && members != null)
            {
                foreach (var member in members)
                {
                    if (string.Equals(member, parts[1], StringComparison.OrdinalIgnoreCase))
                    {
                        return new[] { name, member };
                    }
                }
            }

            throw GraphException.BadRequest("BadRequest", "The sandbox's " + option + " supports primitive properties and members of emailAddress only, not '" + text + "'.");
        }

        /// <summary>The value at a path, or null when it is missing or JSON null.</summary>
        public static JsonElement? ValueAt(JsonElement item, string[] path)
        {
            var current = item;
            foreach (var name in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next))
                {
                    return null;
                }

                current = next;
            }

            return current.ValueKind == JsonValueKind.Null ? (JsonElement?)null : current;
        }

        /// <summary>Order of two values: null first, then booleans, numbers and strings (case-insensitive).</summary>
        public static int CompareValues(JsonElement? x, JsonElement? y)
        {
            if (x == null || y == null)
            {
                return x == null ? (y == null ? 0 : -1) : 1;
            }

            var a = x.Value;
            var b = y.Value;
            if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
            {
                return a.GetDouble().CompareTo(b.GetDouble());
            }

            if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
            {
                return string.Compare(a.GetString(), b.GetString(), StringComparison.OrdinalIgnoreCase);
            }

            return Rank(a).CompareTo(Rank(b)) != 0 ? Rank(a).CompareTo(Rank(b)) : string.CompareOrdinal(a.GetRawText(), b.GetRawText());
        }

        private static int Rank(JsonElement e) => e.ValueKind == JsonValueKind.False || e.ValueKind == JsonValueKind.True ? 0 : e.ValueKind == JsonValueKind.Number ? 1 : 2;

        private Func<JsonElement, bool> Or()
        {
            var left = And();
            while (Accept("or"))
            {
                var l = left;
                var r = And();
                left = i => l(i) || r(i);
            }

            return left;
        }

        private Func<JsonElement, bool> And()
        {
            var left = Unary();
            while (Accept("and"))
            {
                var l = left;
                var r = Unary();
                left = i => l(i) && r(i);
            }

            return left;
        }

        private Func<JsonElement, bool> Unary()
        {
            if (Accept("not"))
            {
                var inner = Unary();
                return i => !inner(i);
            }

            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            var word = Next("a property or function");
            var slash = word.IndexOf('/');
            if (slash > 0 && string.Equals(word.Substring(slash + 1), "any", StringComparison.OrdinalIgnoreCase) && Accept("("))
            {
                return Any(word.Substring(0, slash));
            }

            if (IsFunction(word) && Accept("("))
            {
                var path = PathOf(Next("a property"));
                Expect(",");
                var literal = Literal();
                Expect(")");
                if (literal.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(word + " takes a string");
                }

                var needle = literal.GetString()!;
                return i =>
                {
                    var value = ValueAt(i, path);
                    if (value == null || value.Value.ValueKind != JsonValueKind.String)
                    {
                        return false;
                    }

                    var s = value.Value.GetString()!;
                    switch (word.ToLowerInvariant())
                    {
                        case "startswith":
                            return s.StartsWith(needle, StringComparison.OrdinalIgnoreCase);
                        case "endswith":
                            return s.EndsWith(needle, StringComparison.OrdinalIgnoreCase);
                        default:
                            return s.IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0;
                    }
                };
            }

            var propertyPath = PathOf(word);
            var op = position < tokens.Count ? tokens[position] : null;
            if (op == "in")
            {
                position++;
                return In(propertyPath);
            }

            if (op != "eq" && op != "ne" && op != "gt" && op != "ge" && op != "lt" && op != "le")
            {
                // A Boolean property alone: isDefaultCalendar.
                return i =>
                {
                    var value = ValueAt(i, propertyPath);
                    return value != null && value.Value.ValueKind == JsonValueKind.True;
                };
            }

            position++;
            var right = Literal();
            JsonElement? expected = right.ValueKind == JsonValueKind.Null ? (JsonElement?)null : right;
            if (lambdaVariable != null && propertyPath[0] == "id" && (op == "eq" || op == "ne") && expected?.ValueKind == JsonValueKind.String)
            {
                var wanted = expected.Value.GetString()!;
                return i =>
                {
                    var actual = ValueAt(i, propertyPath);
                    var same = actual?.ValueKind == JsonValueKind.String && SamePropertyId(actual.Value.GetString()!, wanted);
                    return op == "eq" ? same : !same;
                };
            }

            return i =>
            {
                var actual = ValueAt(i, propertyPath);
                var comparable = actual == null || expected == null || SameKind(actual.Value, expected.Value);
                var order = CompareValues(actual, expected);
                switch (op)
                {
                    case "eq":
                        return comparable && order == 0;
                    case "ne":
                        return !comparable || order != 0;
                    case "gt":
                        return comparable && actual != null && expected != null && order > 0;
                    case "ge":
                        return comparable && actual != null && expected != null && order >= 0;
                    case "lt":
                        return comparable && actual != null && expected != null && order < 0;
                    default:
                        return comparable && actual != null && expected != null && order <= 0;
                }
            };
        }

        /// <summary>
        /// singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…'): the lambda Graph documents for extended
        /// properties of events (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get); other
        /// collections are not modelled (400).
        /// </summary>
        private Func<JsonElement, bool> Any(string navigation)
        {
            if (!string.Equals(navigation, "singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase) || type != ODataType.Event || lambdaVariable != null)
            {
                throw Invalid("the sandbox models any() on singleValueExtendedProperties of events only, not on '" + navigation + "'");
            }

            // The tokenizer keeps "ep:" (or "ep:ep/id") together.
            var head = Next("a lambda variable");
            var colon = head.IndexOf(':');
            if (colon <= 0)
            {
                throw Invalid("'variable:' expected after any(");
            }

            if (colon + 1 < head.Length)
            {
                tokens.Insert(position, head.Substring(colon + 1));
            }

            lambdaVariable = head.Substring(0, colon);
            var inner = Or();
            lambdaVariable = null;
            Expect(")");
            return i =>
            {
                if (i.ValueKind != JsonValueKind.Object || !i.TryGetProperty(HiddenProperties, out var all) || all.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                foreach (var property in all.EnumerateArray())
                {
                    if (inner(property))
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        /// <summary>
        /// property in ('a', 'b', …): equal to one of the literals. Graph allows 15 values by default
        /// (https://learn.microsoft.com/graph/filter-query-parameter, the in operator); more → 400.
        /// </summary>
        private Func<JsonElement, bool> In(string[] propertyPath)
        {
            Expect("(");
            var values = new List<JsonElement> { Literal() };
            while (Accept(","))
            {
                values.Add(Literal());
            }

            Expect(")");
            if (values.Count > MaxInValues)
            {
                throw GraphException.BadRequest("BadRequest", $"Too many child clauses specified in search filter expression containing 'OR' operators: {values.Count}. Max allowed: {MaxInValues}.");
            }

            return i =>
            {
                var actual = ValueAt(i, propertyPath);
                foreach (var value in values)
                {
                    if (actual != null && SameKind(actual.Value, value) && CompareValues(actual, value) == 0)
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        /// <summary>A property path of the type, or inside any(): the variable's id or value.</summary>
        private string[] PathOf(string word)
        {
            if (lambdaVariable == null)
            {
                return Path(word, type, "$filter");
            }

            var member = word.StartsWith(lambdaVariable + "/", StringComparison.Ordinal) ? word.Substring(lambdaVariable.Length + 1) : null;
            if (member != "id" && member != "value")
            {
                throw Invalid("inside any() only " + lambdaVariable + "/id and " + lambdaVariable + "/value can be compared, not '" + word + "'");
            }

            return new[] { member };
        }

        /// <summary>"String {guid} Name X": kind and GUID compare case-insensitively, the name part case-sensitively (as Exchange names them).</summary>
        private static bool SamePropertyId(string a, string b)
        {
            var ia = a.IndexOf(" Name ", StringComparison.OrdinalIgnoreCase);
            var ib = b.IndexOf(" Name ", StringComparison.OrdinalIgnoreCase);
            if (ia < 0 || ib < 0)
            {
                return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
            }

            return string.Equals(a.Substring(0, ia), b.Substring(0, ib), StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.Substring(ia + 6), b.Substring(ib + 6), StringComparison.Ordinal);
        }

        private static bool SameKind(JsonElement a, JsonElement b) =>
            a.ValueKind == b.ValueKind || (Rank(a) == 0 && Rank(b) == 0);

        private JsonElement Literal()
        {
            var token = Next("a literal");
            string json;
            if (token.StartsWith("'", StringComparison.Ordinal))
            {
                json = JsonSerializer.Serialize(token.Substring(1, token.Length - 2).Replace("''", "'"));
            }
            else if (token == "true" || token == "false" || token == "null")
            {
                json = token;
            }
            else if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                json = number.ToString("R", CultureInfo.InvariantCulture);
            }
            else if (position < tokens.Count && tokens[position].StartsWith("'", StringComparison.Ordinal) && token.IndexOf('.') > 0)
            {
                // An enum literal with its type: microsoft.graph.calendarRoleType'read'.
                var value = tokens[position++];
                json = JsonSerializer.Serialize(value.Substring(1, value.Length - 2));
            }
            else
            {
                throw Invalid("'" + token + "' is no literal");
            }

            using (var document = JsonDocument.Parse(json))
            {
                return document.RootElement.Clone();
            }
        }

        private static bool IsFunction(string word) =>
            string.Equals(word, "startswith", StringComparison.OrdinalIgnoreCase) || string.Equals(word, "endswith", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(word, "contains", StringComparison.OrdinalIgnoreCase);

        private bool Accept(string token)
        {
            if (position < tokens.Count && string.Equals(tokens[position], token, StringComparison.Ordinal))
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw Invalid("'" + token + "' expected");
            }
        }

        private string Next(string what)
        {
            if (position >= tokens.Count)
            {
                throw Invalid(what + " expected at the end");
            }

            return tokens[position++];
        }

        private GraphException Invalid(string detail) => GraphException.BadRequest("BadRequest", "Invalid filter clause: " + detail + " in '" + text + "'.");

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '(' || c == ')' || c == ',')
                {
                    tokens.Add(c.ToString());
                    i++;
                }
                else if (c == '\'')
                {
                    var s = new StringBuilder("'");
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw GraphException.BadRequest("BadRequest", "Invalid filter clause: unterminated string in '" + text + "'.");
                        }

                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'')
                            {
                                s.Append("''");
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        s.Append(text[i++]);
                    }

                    tokens.Add(s.Append('\'').ToString());
                }
                else
                {
                    var start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '(' && text[i] != ')' && text[i] != ',' && text[i] != '\'')
                    {
                        i++;
                    }

                    tokens.Add(text.Substring(start, i - start));
                }
            }

            return tokens;
        }
    }
}
