// Build-time only (compiled by MSBuild's RoslynCodeTaskFactory, not part of the module): turns the
// platyPS-layout pages in docs/cmdlets into the MAML file Get-Help reads,
// en-US/CalendarSharing.PowerShell.dll-Help.xml. It understands the layout platyPS writes and our pages use:
// "# Name", "## SYNOPSIS", "## SYNTAX" with one "### Set" + code block per parameter set, "## DESCRIPTION",
// "## EXAMPLES" with "### Example N: title" + code + remarks, "## PARAMETERS" with "### -Name" + text + yaml,
// "## INPUTS"/"## OUTPUTS" with "### Type" + text, "## NOTES", "## RELATED LINKS".
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkdownToMaml : Task
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    [Required]
    public ITaskItem[] Pages { get; set; }

    [Required]
    public string OutputFile { get; set; }

    public override bool Execute()
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev));
        foreach (var page in Pages.OrderBy(p => p.ItemSpec, StringComparer.Ordinal))
        {
            try
            {
                root.Add(Convert(File.ReadAllText(page.ItemSpec).Replace("\r\n", "\n")));
            }
            catch (Exception ex)
            {
                Log.LogError("{0}: {1}", page.ItemSpec, ex.Message);
            }
        }

        if (Log.HasLoggedErrors)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile)));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(OutputFile, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return true;
    }

    private static XElement Convert(string text)
    {
        var body = Regex.Replace(text, @"\A---\n.*?\n---\n", string.Empty, RegexOptions.Singleline);
        var name = Regex.Match(body, @"(?m)^# (\S+)\s*$").Groups[1].Value;
        if (name.Length == 0)
        {
            throw new FormatException("no '# Verb-Noun' title");
        }

        var sections = Split(body, "## ");
        var dash = name.IndexOf('-');
        var parameters = ParseParameters(Get(sections, "PARAMETERS"));

        var command = new XElement(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", name.Substring(0, dash)),
                new XElement(Command + "noun", name.Substring(dash + 1)),
                Description(Get(sections, "SYNOPSIS"))),
            Description(Get(sections, "DESCRIPTION")));

        var syntax = new XElement(Command + "syntax");
        foreach (var set in Split(Get(sections, "SYNTAX"), "### "))
        {
            var setName = Regex.Replace(set.Key, @"\s*\(Default\)\s*$", string.Empty);
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", name));
            foreach (var p in SyntaxOrder(parameters.Where(p => p.Sets.Contains("(All)") || setName == "__AllParameterSets" || p.Sets.Contains(setName)), set.Value))
            {
                item.Add(ParameterElement(p));
            }

            syntax.Add(item);
        }

        command.Add(syntax);
        command.Add(new XElement(Command + "parameters", parameters.Select(ParameterElement)));
        command.Add(new XElement(Command + "inputTypes", Split(Get(sections, "INPUTS"), "### ").Select(t =>
            new XElement(Command + "inputType", TypeElement(t.Key), Description(t.Value)))));
        command.Add(new XElement(Command + "returnValues", Split(Get(sections, "OUTPUTS"), "### ").Select(t =>
            new XElement(Command + "returnValue", TypeElement(t.Key), Description(t.Value)))));
        command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(Get(sections, "NOTES")))));

        var examples = new XElement(Command + "examples");
        foreach (var example in Split(Get(sections, "EXAMPLES"), "### "))
        {
            var code = Regex.Match(example.Value, @"```\w*\n(.*?)\n```", RegexOptions.Singleline);
            var remarks = example.Value.Substring(code.Index + code.Length);
            examples.Add(new XElement(Command + "example",
                new XElement(Maml + "title", "-------------------------- " + example.Key + " --------------------------"),
                new XElement(Dev + "code", code.Groups[1].Value),
                new XElement(Dev + "remarks", Paragraphs(remarks))));
        }

        command.Add(examples);
        command.Add(new XElement(Command + "relatedLinks", Regex.Matches(Get(sections, "RELATED LINKS"), @"\[([^\]]+)\]\(([^)]*)\)")
            .Cast<Match>()
            .Select(m => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", m.Groups[1].Value),
                new XElement(Maml + "uri", m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? m.Groups[2].Value : string.Empty)))));
        return command;
    }

    /// <summary>
    /// The parameters of one syntax item in the order PowerShell shows them (Get-Command -Syntax): positional ones by
    /// position, then the mandatory named ones, then the rest in declaration order, then -WhatIf and -Confirm. The
    /// page's SYNTAX block is written in that order, so its order is taken; a parameter it does not name follows,
    /// positional ones by position first. (Get-Help lists a syntax item's parameters in the order of the MAML.)
    /// </summary>
    private static IEnumerable<Parameter> SyntaxOrder(IEnumerable<Parameter> parameters, string syntaxBlock)
    {
        var code = Regex.Match(syntaxBlock, @"```\w*\n(.*?)\n```", RegexOptions.Singleline).Groups[1].Value;
        var named = Regex.Matches(code, @"(?<![\w-])-(\w+)").Cast<Match>().Select(m => m.Groups[1].Value).ToList();
        return parameters
            .Select((p, index) => new { p, index })
            .OrderBy(x => Rank(named, x.p.Name))
            .ThenBy(x => PositionKey(x.p))
            .ThenBy(x => x.index)
            .Select(x => x.p);
    }

    private static int Rank(List<string> named, string name)
    {
        var i = named.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? int.MaxValue : i;
    }

    private static int PositionKey(Parameter p)
    {
        int position;
        return int.TryParse(p.Value("Position", "Named"), out position) ? position : int.MaxValue;
    }

    private sealed class Parameter
    {
        public string Name;
        public string Description;
        public Dictionary<string, string> Yaml = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Sets = new HashSet<string>(StringComparer.Ordinal);

        public string Value(string key, string fallback)
        {
            string v;
            return Yaml.TryGetValue(key, out v) && v.Length > 0 ? v : fallback;
        }
    }

    private static List<Parameter> ParseParameters(string section)
    {
        var list = new List<Parameter>();
        foreach (var block in Split(section, "### "))
        {
            if (!block.Key.StartsWith("-", StringComparison.Ordinal))
            {
                continue; // CommonParameters
            }

            var yaml = Regex.Match(block.Value, @"```yaml\n(.*?)\n```", RegexOptions.Singleline);
            var p = new Parameter { Name = block.Key.Substring(1).Trim(), Description = block.Value.Substring(0, yaml.Success ? yaml.Index : block.Value.Length) };
            foreach (var line in yaml.Groups[1].Value.Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    p.Yaml[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                }
            }

            foreach (var s in p.Value("Parameter Sets", "(All)").Split(','))
            {
                p.Sets.Add(s.Trim());
            }

            list.Add(p);
        }

        return list;
    }

    private static XElement ParameterElement(Parameter p)
    {
        var type = p.Value("Type", "Object");
        var element = new XElement(Command + "parameter",
            new XAttribute("required", p.Value("Required", "False").ToLowerInvariant()),
            new XAttribute("variableLength", type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Value("Accept wildcard characters", "False").ToLowerInvariant()),
            new XAttribute("pipelineInput", p.Value("Accept pipeline input", "False")),
            new XAttribute("position", p.Value("Position", "Named").ToLowerInvariant()),
            new XAttribute("aliases", p.Value("Aliases", "none")),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (type != "SwitchParameter")
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type));
        }

        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", p.Value("Default value", "None")));
        return element;
    }

    private static XElement TypeElement(string name) =>
        new XElement(Dev + "type", new XElement(Maml + "name", name.Trim()));

    private static XElement Description(string text) => new XElement(Maml + "description", Paragraphs(text));

    /// <summary>Blank-line separated paragraphs; lines of one paragraph are joined, backticks dropped.</summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Trim(), @"\n\s*\n")
            .Select(p => Regex.Replace(p.Replace("`", string.Empty), @"\s*\n\s*", " ").Trim())
            .Where(p => p.Length > 0)
            .Select(p => new XElement(Maml + "para", p));

    private static string Get(List<KeyValuePair<string, string>> sections, string key) =>
        sections.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefault() ?? string.Empty;

    /// <summary>Splits at lines starting with the heading marker (outside code blocks): (heading, body) pairs.</summary>
    private static List<KeyValuePair<string, string>> Split(string text, string marker)
    {
        var result = new List<KeyValuePair<string, string>>();
        string heading = null;
        var body = new StringBuilder();
        var inCode = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            if (!inCode && line.StartsWith(marker, StringComparison.Ordinal))
            {
                if (heading != null)
                {
                    result.Add(new KeyValuePair<string, string>(heading, body.ToString()));
                }

                heading = line.Substring(marker.Length).Trim();
                body.Clear();
                continue;
            }

            if (heading != null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (heading != null)
        {
            result.Add(new KeyValuePair<string, string>(heading, body.ToString()));
        }

        return result;
    }
}
