using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Ews.Operations;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>
    /// Handles one parsed SOAP request for an authenticated caller: version, strict schema check, impersonation,
    /// dispatch on the local name of soap:Body/*[1], and the strict check of the response.
    /// </summary>
    internal sealed class EwsProcessor
    {
        // ExchangeVersionType of the schema (Exchange 2019 / SE, V2017_07_11); later Exchange Online values are unknown here.
        private static readonly HashSet<string> KnownVersions = new HashSet<string>(StringComparer.Ordinal)
        {
            "Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2012",
            "Exchange2013", "Exchange2013_SP1", "Exchange2015", "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13",
            "V2016_07_13", "V2016_10_10", "V2017_01_07", "V2017_04_14", "V2017_07_11",
        };

        private static readonly Regex LinePosition = new Regex(@"line (\d+), position (\d+)", RegexOptions.CultureInvariant);

        private readonly SandboxOrganization org;
        private readonly Dictionary<string, IEwsOperation> operations;

        public EwsProcessor(SandboxOrganization org)
        {
            this.org = org;
            var all = new IEwsOperation[]
            {
                new GetFolderOperation(), new FindFolderOperation(), new UpdateFolderOperation(), new ResolveNamesOperation(),
                new GetDelegateOperation(), new AddDelegateOperation(), new UpdateDelegateOperation(), new RemoveDelegateOperation(),
                new FindItemOperation(), new GetItemOperation(), new CreateItemOperation(), new UpdateItemOperation(), new DeleteItemOperation(),
                new GetUserAvailabilityOperation(), new FindPeopleOperation(), new ExpandDLOperation(),
                new SyncFolderItemsOperation(), new SubscribeOperation(), new GetStreamingEventsOperation(), new UnsubscribeOperation(), new GetEventsOperation(),
                new GetMailTipsOperation(), new GetServiceConfigurationOperation(),
            };
            operations = all.ToDictionary(o => o.Name, StringComparer.Ordinal);
        }

        /// <summary>The local name of soap:Body/*[1], for request counting; null when there is none.</summary>
        public static string? OperationName(XDocument request) =>
            request.Root?.Element(EwsNames.Soap + "Body")?.Elements().FirstOrDefault()?.Name.LocalName;

        /// <summary>Returns the response envelope; throws <see cref="EwsFaultException"/> for request-level failures.</summary>
        public XDocument Process(XDocument request, SandboxAccount caller)
        {
            var answer = Process(request, caller, out var streaming);
            streaming?.Dispose(); // a caller that cannot stream gets no connection left open
            return answer ?? SoapWriter.Envelope(StreamingEnvelopeContent.Render(StreamingPart.Status("Closed")), org.Options.ServerVersion);
        }

        /// <summary>
        /// As <see cref="Process(XDocument, SandboxAccount)"/>; for a streamed operation (GetStreamingEvents) that opened its
        /// stream, returns null with the connection in <paramref name="streaming"/>.
        /// </summary>
        public XDocument? Process(XDocument request, SandboxAccount caller, out StreamingConnection? streaming)
        {
            streaming = null;
            var envelope = request.Root;
            if (envelope == null || envelope.Name != EwsNames.Soap + "Envelope")
            {
                throw SchemaFault("The root element is not a SOAP 1.1 Envelope (namespaces must use http://).", null);
            }

            var header = envelope.Element(EwsNames.Soap + "Header");
            var payload = envelope.Element(EwsNames.Soap + "Body")?.Elements().FirstOrDefault()
                ?? throw new EwsFaultException("ErrorInvalidRequest", "The request has no SOAP Body payload.");

            var version = CheckVersion(header);
            if (org.Validator != null)
            {
                var findings = org.Validator.ValidateEnvelope(request);
                if (findings.Count > 0)
                {
                    org.RecordViolations("request " + payload.Name.LocalName, findings);
                    throw SchemaFault("The request failed schema validation: " + findings[0], findings[0]);
                }
            }

            var impersonated = Impersonation(header, caller);
            if (payload.Name.Namespace != EwsNames.M || !operations.TryGetValue(payload.Name.LocalName, out var operation))
            {
                throw new EwsFaultException("ErrorInvalidRequest", "The request is invalid: the operation " + payload.Name.LocalName + " is not supported by this server.");
            }

            org.Behaviour.ConcurrentWriter(operation.Name);
            var context = new EwsRequestContext(org, caller, impersonated, version);
            XElement result;
            try
            {
                if (operation is IEwsStreamingOperation streamed)
                {
                    streaming = streamed.Open(payload, context, out var immediate);
                    if (streaming != null)
                    {
                        return null;
                    }

                    result = immediate!;
                }
                else
                {
                    result = operation.Execute(payload, context);
                }
            }
            catch (FormatException ex)
            {
                // Only reachable without strict mode: a value the schema would have rejected (e.g. a bad boolean).
                throw SchemaFault("The request failed schema validation: " + ex.Message, null);
            }

            var response = SoapWriter.Envelope(result, org.Options.ServerVersion);
            if (org.Validator != null)
            {
                org.RecordViolations("response " + result.Name.LocalName, org.Validator.ValidateEnvelope(response));
            }

            return response;
        }

        private static string CheckVersion(XElement? header)
        {
            var requested = header?.Element(EwsNames.T + "RequestServerVersion");
            if (requested == null)
            {
                return "Exchange2007_SP1"; // what a server assumes when the header is absent
            }

            var version = ((string?)requested.Attribute("Version") ?? string.Empty).Trim();
            if (!KnownVersions.Contains(version))
            {
                throw new EwsFaultException("ErrorInvalidServerVersion");
            }

            return version;
        }

        /// <summary>
        /// ExchangeImpersonation: only the admin holds ApplicationImpersonation (others → ErrorImpersonateUserDenied);
        /// a ConnectingSID that is no mailbox → ErrorNonExistentMailbox. Both are request-level faults.
        /// </summary>
        private SandboxAccount? Impersonation(XElement? header, SandboxAccount caller)
        {
            var sid = header?.Element(EwsNames.T + "ExchangeImpersonation")?.Element(EwsNames.T + "ConnectingSID");
            if (sid == null)
            {
                return null;
            }

            if (caller.Kind != SandboxMailboxKind.Admin)
            {
                throw new EwsFaultException("ErrorImpersonateUserDenied");
            }

            var value = sid.Elements().FirstOrDefault();
            var text = ((string?)value ?? string.Empty).Trim();
            SandboxAccount? target = null;
            if (value != null && value.Name.LocalName == "SID")
            {
                var entry = org.Directory.FindBySid(text);
                target = entry == null ? null : org.FindAccount(entry.Address);
            }
            else if (text.Length > 0)
            {
                target = org.FindAccount(text); // PrincipalName (UPN = SMTP here), PrimarySmtpAddress, SmtpAddress
            }

            // A mailbox that lives in Exchange Online is not on this server.
            return target != null && target.Home == MailboxHome.OnPremises ? target : throw new EwsFaultException("ErrorNonExistentMailbox");
        }

        private static EwsFaultException SchemaFault(string message, string? finding)
        {
            var details = new List<KeyValuePair<string, string>>();
            var match = finding == null ? null : LinePosition.Match(finding);
            if (match != null && match.Success)
            {
                details.Add(new KeyValuePair<string, string>("Line", match.Groups[1].Value));
                details.Add(new KeyValuePair<string, string>("Position", match.Groups[2].Value));
            }
            else
            {
                details.Add(new KeyValuePair<string, string>("Line", "1"));
                details.Add(new KeyValuePair<string, string>("Position", "1"));
            }

            return new EwsFaultException("ErrorSchemaValidation", message, details);
        }
    }
}
