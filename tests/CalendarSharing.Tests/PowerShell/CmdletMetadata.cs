using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The compiled cmdlet assembly read as metadata (MetadataLoadContext): PowerShell types are not loadable
    /// in this process, so nothing here instantiates or runs a cmdlet.
    /// </summary>
    public sealed class CmdletMetadata : IDisposable
    {
        public const string CmdletAttribute = "System.Management.Automation.CmdletAttribute";
        public const string ParameterAttribute = "System.Management.Automation.ParameterAttribute";
        public const string AliasAttribute = "System.Management.Automation.AliasAttribute";
        public const string OutputTypeAttribute = "System.Management.Automation.OutputTypeAttribute";
        public const string ArgumentCompleterAttribute = "System.Management.Automation.ArgumentCompleterAttribute";

        private readonly MetadataLoadContext context;

        public CmdletMetadata()
        {
            var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            {
                RepositoryPaths.PowerShellReferenceAssembly,
            };
            paths.AddRange(Directory.GetFiles(AppContext.BaseDirectory, "CalendarSharing.*.dll"));
            context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.OrdinalIgnoreCase)));
            Assembly = context.LoadFromAssemblyPath(RepositoryPaths.CmdletAssembly);
            Cmdlets = Assembly.GetTypes()
                .Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == CmdletAttribute))
                .Select(t => new CmdletInfo(t))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
        }

        public Assembly Assembly { get; }

        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        public CmdletInfo this[string name] => Cmdlets.Single(c => c.Name == name);

        public void Dispose() => context.Dispose();
    }

    public sealed class CmdletInfo
    {
        public CmdletInfo(Type type)
        {
            Type = type;
            var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == CmdletMetadata.CmdletAttribute);
            Verb = (string)cmdlet.ConstructorArguments[0].Value!;
            Noun = (string)cmdlet.ConstructorArguments[1].Value!;
            SupportsShouldProcess = Named(cmdlet, "SupportsShouldProcess") is bool b && b;
            ConfirmImpact = Named(cmdlet, "ConfirmImpact") is int i ? i : 2; // ConfirmImpact.Medium is the default
            DefaultParameterSetName = Named(cmdlet, "DefaultParameterSetName") as string;
            Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == CmdletMetadata.ParameterAttribute))
                .Select(p => new ParameterInfo(p))
                .ToList();
        }

        public Type Type { get; }

        public string Verb { get; }

        public string Noun { get; }

        public string Name => Verb + "-" + Noun;

        public bool SupportsShouldProcess { get; }

        /// <summary>0 None, 1 Low, 2 Medium, 3 High.</summary>
        public int ConfirmImpact { get; }

        public string? DefaultParameterSetName { get; }

        public IReadOnlyList<ParameterInfo> Parameters { get; }

        /// <summary>The parameters a user sees (DontShow ones are plumbing, like the pipeline InputObject).</summary>
        public IEnumerable<ParameterInfo> VisibleParameters => Parameters.Where(p => !p.DontShow);

        public ParameterInfo Parameter(string name) => Parameters.Single(p => p.Name == name);

        public IReadOnlyList<string> ParameterSetNames =>
            Parameters.SelectMany(p => p.Sets.Select(s => s.SetName)).Where(s => s != null).Select(s => s!).Distinct().ToList();

        internal static object? Named(CustomAttributeData data, string name) =>
            data.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
    }

    public sealed class ParameterInfo
    {
        public ParameterInfo(PropertyInfo property)
        {
            Property = property;
            var attributes = property.GetCustomAttributesData();
            Sets = attributes.Where(a => a.AttributeType.FullName == CmdletMetadata.ParameterAttribute)
                .Select(a => new ParameterSetEntry(
                    CmdletInfo.Named(a, "ParameterSetName") as string,
                    CmdletInfo.Named(a, "Mandatory") is bool m && m,
                    CmdletInfo.Named(a, "ValueFromPipeline") is bool v && v,
                    CmdletInfo.Named(a, "ValueFromPipelineByPropertyName") is bool n && n,
                    CmdletInfo.Named(a, "DontShow") is bool d && d))
                .ToList();
            Aliases = attributes.Where(a => a.AttributeType.FullName == CmdletMetadata.AliasAttribute)
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(x => (string)x.Value!) : new[] { (string)arg.Value! })
                .ToList();
            AttributeTypeNames = attributes.Select(a => a.AttributeType.FullName!).ToList();
        }

        public PropertyInfo Property { get; }

        public string Name => Property.Name;

        public string TypeName => Property.PropertyType.FullName!;

        public IReadOnlyList<ParameterSetEntry> Sets { get; }

        public IReadOnlyList<string> Aliases { get; }

        public IReadOnlyList<string> AttributeTypeNames { get; }

        public bool DontShow => Sets.All(s => s.DontShow);

        public bool ValueFromPipeline => Sets.Any(s => s.ValueFromPipeline);

        public bool ValueFromPipelineByPropertyName => Sets.Any(s => s.ValueFromPipelineByPropertyName);

        public bool Mandatory => Sets.Any(s => s.Mandatory);
    }

    public sealed class ParameterSetEntry
    {
        public ParameterSetEntry(string? setName, bool mandatory, bool valueFromPipeline, bool valueFromPipelineByPropertyName, bool dontShow)
        {
            SetName = setName;
            Mandatory = mandatory;
            ValueFromPipeline = valueFromPipeline;
            ValueFromPipelineByPropertyName = valueFromPipelineByPropertyName;
            DontShow = dontShow;
        }

        public string? SetName { get; }

        public bool Mandatory { get; }

        public bool ValueFromPipeline { get; }

        public bool ValueFromPipelineByPropertyName { get; }

        public bool DontShow { get; }
    }
}
