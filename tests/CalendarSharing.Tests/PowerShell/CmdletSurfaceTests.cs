using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The cmdlet surface, read from the compiled assembly's metadata (ARCHITECTURE.md section 8): naming,
    /// approved verbs, OutputType, ShouldProcess, pipeline binding and CSV aliases, the manifest's exports,
    /// the docs pages, the format file, and the rule that keeps the module importable before the module
    /// initializer has run.
    /// </summary>
    public sealed class CmdletSurfaceTests : IClassFixture<CmdletMetadata>
    {
        /// <summary>Approved verbs: VerbsCommon, VerbsData, VerbsLifecycle, VerbsDiagnostic, VerbsCommunications, VerbsSecurity, VerbsOther.</summary>
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            // VerbsCommon
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
            "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set",
            "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            // VerbsData
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit",
            "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore",
            "Save", "Sync", "Unpublish", "Update",
            // VerbsLifecycle
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            // VerbsDiagnostic
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
            // VerbsCommunications
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
            // VerbsSecurity
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
            // VerbsOther
            "Use",
        };

        /// <summary>Verbs that change something (on the server, in a file, or the session's connections).</summary>
        private static readonly HashSet<string> MutatingVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Remove", "Set", "New", "Move", "Rename", "Reset", "Update", "Sync", "Grant", "Revoke", "Block",
            "Unblock", "Enable", "Disable", "Install", "Uninstall", "Register", "Unregister", "Restore", "Publish",
            "Unpublish", "Import", "Merge", "Approve", "Deny", "Protect", "Unprotect", "Lock", "Unlock", "Start", "Stop",
            "Restart", "Suspend", "Resume", "Write", "Send", "Disconnect",
        };

        private static readonly HashSet<string> ReadOnlyVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Get", "Find", "Search", "Test", "Measure", "Resolve", "Compare", "Select", "Show", "Watch",
        };

        /// <summary>PowerShell adds these to every cmdlet; a cmdlet must not declare them.</summary>
        private static readonly HashSet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        private static readonly string[] EngineAssemblies =
        {
            "CalendarSharing.Core", "CalendarSharing.Ews", "CalendarSharing.Sandbox", "CalendarSharing.Online",
        };

        private readonly CmdletMetadata metadata;

        public CmdletSurfaceTests(CmdletMetadata metadata)
        {
            this.metadata = metadata;
        }

        [Fact]
        public void The_expected_cmdlets_exist()
        {
            Assert.Equal(
                new[]
                {
                    "Add-MailboxDelegate", "Connect-CalendarSharing", "Disable-ExternalCalendarSharing", "Disconnect-CalendarSharing",
                    "Enable-ExternalCalendarSharing", "Find-MeetingTime", "Get-CalendarAccess", "Get-CalendarAccessReport", "Get-CalendarAvailability", "Get-CalendarEvent",
                    "Get-CalendarPermission", "Get-CalendarPublishing", "Get-CalendarSharingConnection", "Get-CalendarSharingCredential",
                    "Get-CalendarSharingPolicy", "Get-MailboxAccess", "Get-MailboxDelegate", "Grant-MailboxAccess",
                    "New-CalendarEvent", "New-CalendarSharingPolicy", "Publish-Calendar", "Remove-CalendarEvent",
                    "Remove-CalendarShare", "Remove-CalendarSharingCredential", "Remove-MailboxDelegate", "Revoke-MailboxAccess",
                    "Save-CalendarSharingCredential", "Set-CalendarShare", "Set-CalendarSharingPolicy", "Set-MailboxDelegate",
                    "Test-CalendarSharingConnection", "Test-ExternalCalendarSharing", "Unpublish-Calendar",
                }
                .Concat(new[]
                {
                    // Calendar sync (#11).
                    "New-CalendarSyncProfile", "Add-CalendarSyncPair", "Set-CalendarSyncPair", "Start-CalendarSync",
                    "Get-CalendarSyncStatus", "Reset-CalendarSync", "Remove-CalendarSyncCopy",
                })
                .Concat(new[]
                {
                    // Who can see what (#13).
                    "Test-CalendarSharing", "Copy-CalendarAccess",
                })
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray(),
                metadata.Cmdlets.Select(c => c.Name).ToArray());
        }

        [Fact]
        public void Every_cmdlet_is_a_sealed_VerbNounCommand_with_an_approved_verb_and_an_OutputType()
        {
            foreach (var cmdlet in metadata.Cmdlets)
            {
                Assert.True(cmdlet.Type.IsSealed, cmdlet.Name + " must be sealed");
                Assert.True(cmdlet.Type.IsPublic, cmdlet.Name + " must be public");
                Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.Type.Name);
                Assert.Equal("CalendarSharing.PowerShell.Commands", cmdlet.Type.Namespace);
                Assert.Contains(cmdlet.Verb, ApprovedVerbs);
                Assert.Matches("^[A-Z][A-Za-z]+$", cmdlet.Noun);

                var outputTypes = cmdlet.Type.GetCustomAttributesData()
                    .Where(a => a.AttributeType.FullName == CmdletMetadata.OutputTypeAttribute)
                    .ToList();
                Assert.True(outputTypes.Count > 0, cmdlet.Name + " needs [OutputType]");
                foreach (var output in outputTypes.SelectMany(a => a.ConstructorArguments))
                {
                    var types = output.Value is IEnumerable<CustomAttributeTypedArgument> many
                        ? many.Select(x => (Type)x.Value!)
                        : new[] { (Type)output.Value! };
                    // Models types, and PSCredential: Get-CalendarSharingCredential -AsCredential returns what every
                    // -Credential parameter takes.
                    Assert.All(types, t => Assert.True(
                        t.Assembly.GetName().Name == "CalendarSharing.Models" || t.FullName == "System.Management.Automation.PSCredential",
                        $"{cmdlet.Name} outputs {t.FullName}"));
                }
            }
        }

        [Fact]
        public void Cmdlets_that_change_something_support_ShouldProcess_and_readers_do_not()
        {
            foreach (var cmdlet in metadata.Cmdlets)
            {
                if (MutatingVerbs.Contains(cmdlet.Verb))
                {
                    Assert.True(cmdlet.SupportsShouldProcess, cmdlet.Name + " changes something: SupportsShouldProcess = true");
                }

                // A reader that also writes a file on request (Get-CalendarAccessReport -HtmlPath) supports -WhatIf for
                // that file, as Export-Csv does; it changes nothing on the server.
                if (ReadOnlyVerbs.Contains(cmdlet.Verb) && cmdlet.Name != "Get-CalendarAccessReport")
                {
                    Assert.False(cmdlet.SupportsShouldProcess, cmdlet.Name + " only reads: no -WhatIf/-Confirm");
                }

                if (cmdlet.Verb == "Remove")
                {
                    Assert.Equal(3, cmdlet.ConfirmImpact); // High
                }
            }

            Assert.Equal(2, metadata["Set-CalendarShare"].ConfirmImpact); // Medium
            Assert.Equal(1, metadata["Disconnect-CalendarSharing"].ConfirmImpact); // Low: session state only
        }

        [Fact]
        public void No_cmdlet_declares_a_common_parameter_and_every_set_name_is_a_const()
        {
            foreach (var cmdlet in metadata.Cmdlets)
            {
                Assert.DoesNotContain(cmdlet.Parameters, p => CommonParameters.Contains(p.Name));
                var constants = cmdlet.Type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .Where(f => f.IsLiteral && f.FieldType.FullName == "System.String")
                    .Select(f => (string?)f.GetRawConstantValue())
                    .ToList();
                foreach (var set in cmdlet.ParameterSetNames)
                {
                    Assert.True(constants.Contains(set), $"{cmdlet.Name}: parameter set '{set}' must be a const string");
                }

                if (cmdlet.DefaultParameterSetName != null)
                {
                    Assert.Contains(cmdlet.DefaultParameterSetName, cmdlet.ParameterSetNames);
                }
            }
        }

        [Fact]
        public void Calendar_cmdlets_take_Connection_and_the_connection_cmdlets_the_right_parameters()
        {
            foreach (var name in new[] { "Get-CalendarPermission", "Set-CalendarShare", "Remove-CalendarShare" })
            {
                var connection = metadata[name].Parameter("Connection");
                Assert.Equal("CalendarSharing.CalendarSharingConnection", connection.TypeName);
                Assert.False(connection.Mandatory);
                Assert.False(connection.ValueFromPipeline);
            }

            var connect = metadata["Connect-CalendarSharing"];
            Assert.Equal(
                new[]
                {
                    "AccessToken", "Autodiscover", "Ews", "EwsStoredCredential", "GraphAccessToken", "GraphCertificate", "GraphCertificatePath", "GraphCertificateThumbprint",
                    "GraphClientSecret", "GraphDeviceCode", "GraphManagedIdentity", "Sandbox",
                },
                connect.ParameterSetNames.OrderBy(s => s, StringComparer.Ordinal).ToArray());
            Assert.Equal("System.Security.SecureString", connect.Parameter("ClientSecret").TypeName);
            Assert.Equal("System.Security.SecureString", connect.Parameter("GraphAccessToken").TypeName);
            Assert.Equal("System.Security.SecureString", connect.Parameter("CertificatePassword").TypeName);
                        var credentialName = connect.Parameter("CredentialName");
            Assert.Equal("System.String", credentialName.TypeName);
            Assert.Equal(new[] { "EwsStoredCredential" }, credentialName.Sets.Select(s => s.SetName).ToArray());
            Assert.True(credentialName.Mandatory);
            Assert.DoesNotContain(connect.Parameter("Credential").Sets, s => s.SetName == "EwsStoredCredential");
            Assert.Equal("System.Management.Automation.PSCredential", connect.Parameter("Credential").TypeName);
            Assert.Equal("System.Security.SecureString", connect.Parameter("AccessToken").TypeName);
            Assert.Equal("System.Uri", connect.Parameter("EwsUrl").TypeName);
            Assert.Equal("System.Management.Automation.SwitchParameter", connect.Parameter("Sandbox").TypeName);
            Assert.True(connect.Parameter("Sandbox").Mandatory);
            Assert.DoesNotContain(connect.Parameters, p => p.TypeName == "System.String" && p.Name.IndexOf("Password", StringComparison.OrdinalIgnoreCase) >= 0);
            Assert.DoesNotContain(connect.Parameters, p => p.Name == "Connection");

            var disconnect = metadata["Disconnect-CalendarSharing"].Parameter("Connection");
            Assert.True(disconnect.ValueFromPipeline);
            Assert.Equal("CalendarSharing.CalendarSharingConnection[]", disconnect.TypeName);
        }

        [Fact]
        public void Get_CalendarPermission_takes_mailboxes_from_the_pipeline()
        {
            var get = metadata["Get-CalendarPermission"];
            var mailbox = get.Parameter("Mailbox");
            Assert.Equal("System.String[]", mailbox.TypeName);
            Assert.True(mailbox.ValueFromPipeline);
            Assert.True(mailbox.ValueFromPipelineByPropertyName);
            Assert.Subset(new HashSet<string>(mailbox.Aliases), new HashSet<string> { "Identity", "Owner", "PrimarySmtpAddress" });
            Assert.Subset(new HashSet<string>(get.Parameter("User").Aliases), new HashSet<string> { "Trustee", "Delegate", "Principal" });
            Assert.True(get.Parameter("Calendar").ValueFromPipelineByPropertyName);
        }

        [Theory]
        [InlineData("Set-CalendarShare")]
        [InlineData("Remove-CalendarShare")]
        public void Share_cmdlets_bind_every_CSV_column_by_property_name(string name)
        {
            var cmdlet = metadata[name];
            foreach (var column in new[] { "Mailbox", "Calendar", "User" })
            {
                Assert.True(cmdlet.Parameter(column).ValueFromPipelineByPropertyName, $"{name} -{column} from a CSV column");
                Assert.Equal("System.String", cmdlet.Parameter(column).TypeName);
            }

            Assert.Subset(new HashSet<string>(cmdlet.Parameter("Mailbox").Aliases), new HashSet<string> { "Identity", "Owner" });
            Assert.Subset(new HashSet<string>(cmdlet.Parameter("User").Aliases), new HashSet<string> { "Trustee", "Delegate", "Principal" });
            Assert.True(cmdlet.Parameter("Mailbox").Mandatory);
            Assert.True(cmdlet.Parameter("User").Mandatory);

            // The row itself rides along (hidden) so an error's TargetObject is the CSV row.
            var input = cmdlet.Parameter("InputObject");
            Assert.True(input.DontShow);
            Assert.True(input.ValueFromPipeline);
        }

        [Fact]
        public void Set_CalendarShare_Role_is_a_completed_string_with_the_Exchange_column_names()
        {
            var set = metadata["Set-CalendarShare"];
            var role = set.Parameter("Role");
            Assert.Equal("System.String", role.TypeName); // not the enum: the engine reports a wrong name per row
            Assert.True(role.ValueFromPipelineByPropertyName);
            Assert.Subset(new HashSet<string>(role.Aliases), new HashSet<string> { "AccessRights", "Permission" });
            Assert.Contains(CmdletMetadata.ArgumentCompleterAttribute, role.AttributeTypeNames);

            var canView = set.Parameter("CanViewPrivateItems");
            Assert.Equal("System.Management.Automation.SwitchParameter", canView.TypeName);
            Assert.True(canView.ValueFromPipelineByPropertyName);

            Assert.Equal("System.Management.Automation.SwitchParameter", metadata["Remove-CalendarShare"].Parameter("Force").TypeName);
        }

        /// <summary>
        /// PowerShell reads Assembly.ExportedTypes before it runs the module initializer, so no public type may
        /// derive from, implement or expose an engine type: Core/Ews/Sandbox are not loadable yet at that point.
        /// </summary>
        [Fact]
        public void No_public_type_of_the_cmdlet_assembly_exposes_an_engine_assembly()
        {
            var findings = new List<string>();
            foreach (var type in metadata.Assembly.GetExportedTypes())
            {
                for (var b = type.BaseType; b != null; b = b.BaseType)
                {
                    Check(b, $"{type.FullName} base type");
                }

                foreach (var i in type.GetInterfaces())
                {
                    Check(i, $"{type.FullName} interface");
                }

                const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
                foreach (var p in type.GetProperties(all).Where(p => (p.GetMethod ?? p.SetMethod) is MethodInfo m && IsVisible(m)))
                {
                    Check(p.PropertyType, $"{type.FullName}.{p.Name}");
                }

                foreach (var f in type.GetFields(all).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
                {
                    Check(f.FieldType, $"{type.FullName}.{f.Name}");
                }

                foreach (var m in type.GetMethods(all).Where(IsVisible))
                {
                    Check(m.ReturnType, $"{type.FullName}.{m.Name} return");
                    foreach (var p in m.GetParameters())
                    {
                        Check(p.ParameterType, $"{type.FullName}.{m.Name}({p.Name})");
                    }
                }
            }

            Assert.Empty(findings);

            void Check(Type t, string where)
            {
                if (t.HasElementType)
                {
                    Check(t.GetElementType()!, where);
                    return;
                }

                if (EngineAssemblies.Contains(t.Assembly.GetName().Name))
                {
                    findings.Add($"{where}: {t.FullName}");
                }

                if (t.IsGenericType)
                {
                    foreach (var a in t.GetGenericArguments())
                    {
                        Check(a, where);
                    }
                }
            }

            static bool IsVisible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;
        }

        [Fact]
        public void The_credential_cmdlets_take_a_name_a_PSCredential_and_a_folder_and_never_a_password_string()
        {
            foreach (var name in new[] { "Save-CalendarSharingCredential", "Get-CalendarSharingCredential", "Remove-CalendarSharingCredential" })
            {
                var cmdlet = metadata[name];
                Assert.Equal("System.String", cmdlet.Parameter("Path").TypeName);
                Assert.False(cmdlet.Parameter("Path").ValueFromPipelineByPropertyName); // StoredCredentialInfo.Path is a file, not the folder
                Assert.DoesNotContain(cmdlet.Parameters, p => p.Name.IndexOf("Password", StringComparison.OrdinalIgnoreCase) >= 0);
            }

            var save = metadata["Save-CalendarSharingCredential"];
            Assert.True(save.SupportsShouldProcess);
            Assert.Equal("System.Management.Automation.PSCredential", save.Parameter("Credential").TypeName);
            Assert.True(save.Parameter("Credential").Mandatory);
            Assert.Equal("System.String", save.Parameter("Name").TypeName);
            Assert.Equal("System.Management.Automation.SwitchParameter", save.Parameter("Force").TypeName);

            var get = metadata["Get-CalendarSharingCredential"];
            Assert.False(get.SupportsShouldProcess);
            Assert.Equal("List", get.DefaultParameterSetName);
            Assert.Equal("System.String[]", get.Parameter("Name").TypeName);
            Assert.True(get.Parameter("Name").ValueFromPipelineByPropertyName);
            Assert.True(get.Parameter("AsCredential").Mandatory);
            Assert.Equal(new[] { "AsCredential" }, get.Parameter("AsCredential").Sets.Select(s => s.SetName).ToArray());

            var remove = metadata["Remove-CalendarSharingCredential"];
            Assert.Equal(3, remove.ConfirmImpact);
            Assert.True(remove.Parameter("Name").ValueFromPipelineByPropertyName);
            Assert.True(remove.Parameter("Name").Mandatory);
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlet_classes()
        {
            var manifest = File.ReadAllText(RepositoryPaths.Manifest);
            Assert.Equal(
                metadata.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
                ManifestArray(manifest, "CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(ManifestArray(manifest, "FunctionsToExport"));
            Assert.Empty(ManifestArray(manifest, "VariablesToExport"));
            Assert.Empty(ManifestArray(manifest, "AliasesToExport"));
            Assert.Equal(new[] { "Desktop", "Core" }, ManifestArray(manifest, "CompatiblePSEditions"));
            Assert.Equal(new[] { "CalendarSharing.format.ps1xml" }, ManifestArray(manifest, "FormatsToProcess"));
            Assert.Equal("CalendarSharing.PowerShell.dll", ManifestValue(manifest, "RootModule"));
            Assert.Equal(RepositoryPaths.Version, ManifestValue(manifest, "ModuleVersion"));
            Assert.Equal("5.1", ManifestValue(manifest, "PowerShellVersion"));
            Assert.Equal("4.7.2", ManifestValue(manifest, "DotNetFrameworkVersion"));
            Assert.True(Guid.TryParse(ManifestValue(manifest, "GUID"), out _));
            Assert.DoesNotMatch(@"(?m)^\s*(NestedModules|RequiredAssemblies)\s*=", manifest);
            Assert.Matches(@"(?s)PrivateData\s*=\s*@\{.*PSData\s*=\s*@\{.*Tags\s*=", manifest);
        }

        [Fact]
        public void Every_cmdlet_and_parameter_has_a_docs_page_section()
        {
            foreach (var cmdlet in metadata.Cmdlets)
            {
                var path = Path.Combine(RepositoryPaths.CmdletDocs, cmdlet.Name + ".md");
                Assert.True(File.Exists(path), "missing " + path);
                var page = File.ReadAllText(path);

                foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "### CommonParameters", "## INPUTS", "## OUTPUTS", "## NOTES" })
                {
                    Assert.True(page.Contains(section + "\n", StringComparison.Ordinal) || page.Contains(section + "\r\n", StringComparison.Ordinal), $"{cmdlet.Name}.md lacks '{section}'");
                }

                Assert.True(Regex.Matches(page, @"(?m)^### Example \d+").Count >= 2, cmdlet.Name + ".md needs at least two examples");

                var documented = Regex.Matches(page, @"(?m)^### -(\w+)\s*$").Select(m => m.Groups[1].Value).ToList();
                var visible = cmdlet.VisibleParameters.Select(p => p.Name).ToList();
                Assert.Equal(visible.OrderBy(n => n, StringComparer.Ordinal), documented.Where(d => !CommonParameters.Contains(d) || visible.Contains(d)).OrderBy(n => n, StringComparer.Ordinal));
                Assert.DoesNotContain(documented, d => CommonParameters.Contains(d) && d != "WhatIf" && d != "Confirm");
                Assert.Equal(cmdlet.SupportsShouldProcess, documented.Contains("WhatIf"));
                Assert.Equal(cmdlet.SupportsShouldProcess, documented.Contains("Confirm"));

                foreach (var parameter in cmdlet.VisibleParameters)
                {
                    var block = Regex.Match(page, @"(?ms)^### -" + parameter.Name + @"\s*$(.*?)(?=^### |^## )").Groups[1].Value;
                    Assert.Contains("```yaml", block);
                    Assert.Contains("Accept pipeline input:", block);
                    foreach (var alias in parameter.Aliases)
                    {
                        Assert.True(block.Contains(alias, StringComparison.Ordinal), $"{cmdlet.Name} -{parameter.Name}: alias {alias} undocumented");
                    }
                }

                foreach (var set in cmdlet.ParameterSetNames)
                {
                    Assert.Matches(@"(?m)^### " + Regex.Escape(set) + @"( \(Default\))?\s*$", page);
                }

                Assert.Contains("Connect-CalendarSharing -Sandbox", page);
            }
        }

        [Fact]
        public void The_format_file_has_table_views_for_the_output_types()
        {
            var doc = XDocument.Load(RepositoryPaths.FormatFile);
            // A column is a property, or a script block over properties ($_.Rights): read the property names from either.
            static string[] Properties(XElement item) =>
                item.Element("PropertyName") is XElement name
                    ? new[] { name.Value }
                    : Regex.Matches((string?)item.Element("ScriptBlock") ?? string.Empty, @"\$_\.(\w+)").Cast<Match>().Select(m => m.Groups[1].Value).ToArray();

            var views = doc.Descendants("View").Where(v => v.Element("TableControl") != null).ToDictionary(
                v => (string)v.Element("ViewSelectedBy")!.Element("TypeName")!,
                v => v.Descendants("TableColumnItem").Concat(v.Descendants("GroupBy")).SelectMany(Properties).ToArray());

            // A type may also have a list view (Format-List), after its table, which stays the default view.
            var lists = doc.Descendants("View").Where(v => v.Element("ListControl") != null).ToList();
            Assert.All(lists, v => Assert.True(views.ContainsKey((string)v.Element("ViewSelectedBy")!.Element("TypeName")!)));

            Assert.Equal(new[] { "Mailbox", "Calendar", "User", "Role" }, views["CalendarSharing.CalendarPermission"]);
            // Grouped under "Calendar: mailbox\calendar" so that Action, Role and PreviousRole fit 80 columns whole.
            Assert.Equal(new[] { "Row", "User", "Action", "Role", "PreviousRole", "Mailbox", "Calendar" }, views["CalendarSharing.CalendarShareResult"]);
            Assert.Equal(new[] { "Kind", "Endpoint", "UserName", "IsDefault" }, views["CalendarSharing.CalendarSharingConnection"]);
            Assert.Equal(new[] { "Name", "UserName", "Protection", "Created" }, views["CalendarSharing.StoredCredentialInfo"]);
            Assert.Equal(new[] { "Name", "Result", "Detail" }, views["CalendarSharing.ConnectionCheck"]);

            // Every property a view names exists on the (Models) type.
            var modelTypes = metadata["Get-CalendarPermission"].Parameter("Connection").Property.PropertyType.Assembly;
            Assert.Equal("CalendarSharing.Models", modelTypes.GetName().Name);
            foreach (var view in views)
            {
                var type = modelTypes.GetType(view.Key, throwOnError: true)!;
                Assert.All(view.Value, p => Assert.NotNull(type.GetProperty(p)));
            }

            foreach (var list in lists)
            {
                var type = modelTypes.GetType((string)list.Element("ViewSelectedBy")!.Element("TypeName")!, throwOnError: true)!;
                Assert.All(list.Descendants("ListItem").SelectMany(Properties), p => Assert.NotNull(type.GetProperty(p)));
            }
        }

        private static string ManifestValue(string manifest, string key) =>
            Regex.Match(manifest, @"(?m)^\s*" + key + @"\s*=\s*'([^']*)'").Groups[1].Value;

        private static string[] ManifestArray(string manifest, string key)
        {
            var match = Regex.Match(manifest, @"(?ms)^\s*" + key + @"\s*=\s*@\((.*?)\)");
            Assert.True(match.Success, key + " must be an explicit @() array");
            return Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
        }
    }
}
