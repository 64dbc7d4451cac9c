using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Model;

using static CalendarSharing.Sandbox.Graph.GraphRequestRules;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// users, calendar(s) and calendarPermissions of Graph v1.0 over the sandbox's one mailbox model: the ACL a
    /// calendarPermission shows is the same ACL EWS reads and writes (SandboxFolder), and the delegate roles are the
    /// Editor entry plus the mailbox's delegate record, as EWS's GetDelegate sees them.
    /// </summary>
    internal sealed class GraphCalendarService
    {
        public const string MyOrganizationId = "RGVmYXVsdA=="; // base64("Default"), as in every doc example
        private const string AnonymousId = "QW5vbnltb3Vz";
        private const string LegacyDnPrefix = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=";

        private static readonly HashSet<string> PermissionProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "allowedRoles", "emailAddress", "isInsideOrganization", "isRemovable", "role",
        };

        private readonly SandboxOrganization org;
        private readonly GraphEventService events;
        private readonly GraphGroupService groups;

        public GraphCalendarService(SandboxOrganization org)
        {
            this.org = org;
            events = new GraphEventService(org);
            groups = new GraphGroupService(org);
        }

        /// <summary>The operation name a route stands for (request counts, BeforeOperation).</summary>
        public static string OperationName(GraphRoute route, string method)
        {
            switch (route.Kind)
            {
                case GraphRouteKind.User:
                    return "GetUser";
                case GraphRouteKind.Users:
                    return "ListUsers";
                case GraphRouteKind.Groups:
                case GraphRouteKind.Group:
                case GraphRouteKind.GroupMembers:
                case GraphRouteKind.MemberOf:
                case GraphRouteKind.TransitiveMemberOf:
                    return GraphGroupService.OperationName(route);
                case GraphRouteKind.Calendar:
                    return "GetCalendar";
                case GraphRouteKind.Calendars:
                    return "ListCalendars";
                case GraphRouteKind.AllowedRoles:
                    return "AllowedCalendarSharingRoles";
                case GraphRouteKind.MailboxSettings:
                    return method == "PATCH" ? "UpdateMailboxSettings" : "GetMailboxSettings";
                case GraphRouteKind.Permissions:
                    return method == "POST" ? "CreateCalendarPermission" : "ListCalendarPermissions";
                case GraphRouteKind.CalendarView:
                case GraphRouteKind.Events:
                case GraphRouteKind.Event:
                case GraphRouteKind.EventInstances:
                case GraphRouteKind.GetSchedule:
                case GraphRouteKind.CalendarViewDelta:
                    return GraphEventService.OperationName(route, method);
                default:
                    return method == "PATCH" ? "UpdateCalendarPermission" : method == "DELETE" ? "DeleteCalendarPermission" : "GetCalendarPermission";
            }
        }

        public GraphResponse Execute(GraphRoute route, GraphRequest request, SandboxAccount account, GraphCaller caller)
        {
            if (GraphGroupService.Serves(route.Kind))
            {
                return groups.Execute(route, request, account, caller); // directory permissions are its own to check
            }

            Authorize(route, request, caller);
            if (route.Kind == GraphRouteKind.Users)
            {
                // Every account of the organisation (in hybrid the cloud directory holds both sides); $filter, $select
                // and $top are applied by ODataShaper. mailNickname is the alias, the local part of the address.
                RequireMethod(request, "GET");
                return Ok(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", request.ServiceRoot + "/$metadata#users");
                    w.WriteStartArray("value");
                    foreach (var user in org.Accounts)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", user.ObjectId.ToString());
                        w.WriteString("displayName", user.DisplayName);
                        w.WriteString("mail", user.Address);
                        w.WriteString("mailNickname", user.Alias);
                        w.WriteString("userPrincipalName", user.Address);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }

            if (route.Kind == GraphRouteKind.User)
            {
                RequireMethod(request, "GET");
                return Ok(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", request.ServiceRoot + "/$metadata#users/$entity");
                    w.WriteString("id", account.ObjectId.ToString());
                    w.WriteString("displayName", account.DisplayName);
                    w.WriteString("mail", account.Address);
                    w.WriteString("userPrincipalName", account.Address);
                    w.WriteEndObject();
                });
            }

            // Mailbox data: Exchange Online answers only for mailboxes it hosts (observed behaviour: 404
            // MailboxNotEnabledForRESTAPI otherwise).
            var mailbox = org.FindMailbox(account.Address)!;
            if (account.Home != MailboxHome.Cloud)
            {
                throw new GraphException(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
            }

            var owner = caller.IsOwner(account);
            var userContext = request.ServiceRoot + "/$metadata#users('" + Uri.EscapeDataString(route.UserSegment) + "')";
            if (GraphEventService.Serves(route.Kind))
            {
                var calendar = route.CalendarId == null ? mailbox.Calendar : FindCalendar(mailbox, route.CalendarId);
                return events.Execute(route, request, mailbox, calendar, caller, userContext);
            }
            if (route.Kind == GraphRouteKind.MailboxSettings)
            {
                return MailboxSettings(request, mailbox, owner, userContext + "/mailboxSettings", route.Property);
            }

            if (route.Kind == GraphRouteKind.Calendars)
            {
                RequireMethod(request, "GET");
                var calendars = mailbox.Folders.Where(f => f.IsCalendar).OrderBy(f => f == mailbox.Calendar ? 0 : 1).ThenBy(f => f.DisplayName, StringComparer.Ordinal).ToList();
                return Ok(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", userContext + "/calendars");
                    w.WriteStartArray("value");
                    foreach (var calendar in calendars)
                    {
                        WriteCalendar(w, calendar, owner, owner && caller.Has(CalendarsWrite), null);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }

            var folder = route.CalendarId == null ? mailbox.Calendar : FindCalendar(mailbox, route.CalendarId);
            var calendarContext = userContext + (route.CalendarId == null ? "/calendar" : "/calendars('" + Uri.EscapeDataString(route.CalendarId) + "')");
            switch (route.Kind)
            {
                case GraphRouteKind.Calendar:
                    RequireMethod(request, "GET");
                    return Ok(w => WriteCalendar(w, folder, owner, owner && caller.Has(CalendarsWrite), route.CalendarId == null ? userContext + "/calendar/$entity" : userContext + "/calendars/$entity"));
                case GraphRouteKind.AllowedRoles:
                    RequireMethod(request, "GET");
                    RequireOwner(owner);
                    var roles = AllowedFor(mailbox, folder, route.Principal!);
                    return Ok(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("@odata.context", request.ServiceRoot + "/$metadata#Collection(microsoft.graph.calendarRoleType)");
                        w.WriteStartArray("value");
                        foreach (var role in roles)
                        {
                            w.WriteStringValue(role);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                case GraphRouteKind.Permissions:
                    if (request.Method == "POST")
                    {
                        RequireOwner(owner);
                        return Create(mailbox, folder, request, calendarContext);
                    }

                    RequireMethod(request, "GET");
                    // Non-owners see an empty list (https://learn.microsoft.com/graph/api/resources/calendarpermission)
                    var views = owner ? Views(mailbox, folder) : new List<PermissionView>();
                    return Ok(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("@odata.context", calendarContext + "/calendarPermissions");
                        w.WriteStartArray("value");
                        foreach (var view in views)
                        {
                            WritePermission(w, view, null);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                default:
                    var entityContext = calendarContext + "/calendarPermissions/$entity";
                    switch (request.Method)
                    {
                        case "GET":
                            if (!owner)
                            {
                                throw GraphException.ItemNotFound();
                            }

                            var found = Views(mailbox, folder).FirstOrDefault(v => v.Id == route.PermissionId) ?? throw GraphException.ItemNotFound();
                            return Ok(w => WritePermission(w, found, entityContext));
                        case "PATCH":
                            RequireOwner(owner);
                            return Update(mailbox, folder, route.PermissionId!, request, entityContext);
                        case "DELETE":
                            RequireOwner(owner);
                            Delete(mailbox, folder, route.PermissionId!, request);
                            return new GraphResponse(204, null);
                        default:
                            throw MethodNotAllowed(request);
                    }
            }
        }

        /// <summary>
        /// Application permissions, checked before the resource is looked at (as Graph does): users need User.Read.All
        /// (or a broader directory permission) else 403 Authorization_RequestDenied (Entra's code); calendar reads need
        /// Calendars.ReadBasic/Read/ReadWrite and writes Calendars.ReadWrite, else 403 ErrorAccessDenied (Exchange's).
        /// </summary>
        private static void Authorize(GraphRoute route, GraphRequest request, GraphCaller caller)
        {
            if (route.Kind == GraphRouteKind.User || route.Kind == GraphRouteKind.Users)
            {
                if (!caller.Has(UserRead))
                {
                    throw new GraphException(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                }

                return;
            }

            // mailboxSettings: MailboxSettings.Read to read, MailboxSettings.ReadWrite to change
            // (https://learn.microsoft.com/graph/api/user-get-mailboxsettings#permissions, user-update-mailboxsettings#permissions).
            var allowed = route.Kind == GraphRouteKind.MailboxSettings
                ? (request.Method == "GET" ? caller.Has(MailboxSettingsRead) : caller.Has(MailboxSettingsWrite))
                : request.Method == "GET" || route.Kind == GraphRouteKind.GetSchedule ? caller.Has(CalendarsRead) : caller.Has(CalendarsWrite);
            if (!allowed)
            {
                throw GraphException.AccessDenied();
            }
        }

        private static readonly string[] UserRead = { "User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };
        private static readonly string[] CalendarsRead = { "Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite" };
        private static readonly string[] CalendarsWrite = { "Calendars.ReadWrite" };
        private static readonly string[] MailboxSettingsRead = { "MailboxSettings.Read", "MailboxSettings.ReadWrite" };
        private static readonly string[] MailboxSettingsWrite = { "MailboxSettings.ReadWrite" };

        private GraphResponse Create(SandboxMailbox mailbox, SandboxFolder folder, GraphRequest request, string calendarContext)
        {
            using (var document = ParseBody(request))
            {
                var body = document.RootElement;
                CheckPropertyNames(body);
                var emailAddress = body.TryGetProperty("emailAddress", out var e) ? e : default;
                var address = GraphJson.String(emailAddress, "address")?.Trim();
                if (string.IsNullOrEmpty(address))
                {
                    throw GraphException.BadRequest("ErrorInvalidParameter", "The emailAddress.address of a calendarPermission is required.");
                }

                var role = ReadRole(body) ?? throw GraphException.BadRequest("ErrorInvalidParameter", "The role of a calendarPermission is required.");
                var template = Principal(address!, GraphJson.String(emailAddress, "name"));
                if (string.Equals(template.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase))
                {
                    throw GraphException.BadRequest("ErrorInvalidParameter", "A calendar cannot be shared with its owner.");
                }

                var primary = folder == mailbox.Calendar;
                CheckRole(mailbox, role, GraphRoles.Allowed(template.Type, primary), template);
                var rights = PermissionLevels.RightsOf(GraphRoles.LevelOf(role));
                PermissionView created;
                lock (mailbox.DelegateGate)
                {
                    folder.Modify(entries =>
                    {
                        if (entries.Any(x => x.Key == template.Key))
                        {
                            throw new GraphException(409, "ErrorDuplicateUserIdsSpecified", "A calendarPermission for '" + template.Address + "' already exists on this calendar; update its role instead.");
                        }

                        entries.Add(template.WithRights(rights));
                        return entries;
                    });
                    SetDelegate(mailbox, template, primary, role);
                    created = Views(mailbox, folder).First(v => v.Entry.Key == template.Key);
                }

                // Graph-created permissions send a sharing invitation the recipient must accept (observed behaviour,
                // microsoftgraph/microsoft-graph-docs-contrib#264).
                org.RecordInvitation(new SandboxInvitation(mailbox.Address, folder.DisplayName, template.Address!, role));
                return Ok(w => WritePermission(w, created, calendarContext + "/calendarPermissions/$entity"));
            }
        }

        private GraphResponse Update(SandboxMailbox mailbox, SandboxFolder folder, string permissionId, GraphRequest request, string entityContext)
        {
            string role;
            using (var document = ParseBody(request))
            {
                var body = document.RootElement;
                CheckPropertyNames(body);
                foreach (var property in body.EnumerateObject())
                {
                    if (property.Name != "role" && !property.Name.StartsWith("@", StringComparison.Ordinal))
                    {
                        throw GraphException.BadRequest("ErrorInvalidParameter", "Only the role of a calendarPermission can be updated; '" + property.Name + "' is read-only (delete and re-create the permission to change it).");
                    }
                }

                role = ReadRole(body) ?? throw GraphException.BadRequest("ErrorInvalidParameter", "The request must set the role.");
            }

            var primary = folder == mailbox.Calendar;
            var ifMatch = request.Header("If-Match");
            PermissionView updated;
            lock (mailbox.DelegateGate)
            {
                AclEntry? target = null;
                folder.Modify(entries =>
                {
                    var index = entries.FindIndex(x => x.Type != PrincipalType.Anonymous && IdOf(x) == permissionId);
                    if (index < 0)
                    {
                        throw GraphException.ItemNotFound();
                    }

                    var view = View(entries[index], primary, mailbox);
                    CheckIfMatch(ifMatch, view);
                    CheckRole(mailbox, role, view.AllowedRoles, entries[index]);
                    target = entries[index];
                    entries[index] = entries[index].WithRights(PermissionLevels.RightsOf(GraphRoles.LevelOf(role)));
                    return entries;
                });
                SetDelegate(mailbox, target!, primary, role);
                updated = Views(mailbox, folder).First(v => v.Id == permissionId);
            }

            return Ok(w => WritePermission(w, updated, entityContext));
        }

        private void Delete(SandboxMailbox mailbox, SandboxFolder folder, string permissionId, GraphRequest request)
        {
            var primary = folder == mailbox.Calendar;
            var ifMatch = request.Header("If-Match");
            lock (mailbox.DelegateGate)
            {
                AclEntry? removed = null;
                folder.Modify(entries =>
                {
                    var entry = entries.FirstOrDefault(x => x.Type != PrincipalType.Anonymous && IdOf(x) == permissionId) ?? throw GraphException.ItemNotFound();
                    if (entry.Type == PrincipalType.Default)
                    {
                        throw GraphException.BadRequest("ErrorInvalidRequest", "The 'My Organization' permission cannot be removed; set its role to none instead.");
                    }

                    CheckIfMatch(ifMatch, View(entry, primary, mailbox));
                    entries.Remove(entry);
                    removed = entry;
                    return entries;
                });
                SetDelegate(mailbox, removed!, primary, GraphRoles.None);
            }
        }

        /// <summary>
        /// allowedCalendarSharingRoles(User=): the roles this calendar may grant that person, sharing policy included
        /// (so fabrikam.com stops at limitedRead and other outside domains get none); the owner gets none.
        /// </summary>
        private string[] AllowedFor(SandboxMailbox mailbox, SandboxFolder folder, string address)
        {
            AclEntry principal;
            try
            {
                principal = Principal(address.Trim(), null);
            }
            catch (GraphException error) when (error.Status == 403)
            {
                return Array.Empty<string>();
            }

            if (string.Equals(principal.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase))
            {
                return Array.Empty<string>();
            }

            var allowed = GraphRoles.Allowed(principal.Type, folder == mailbox.Calendar);
            return allowed.Where(r => org.SharingPolicyAllows(mailbox, principal, PermissionLevels.RightsOf(GraphRoles.LevelOf(r))) == SharingPolicyOutcome.Allowed).ToArray();
        }

        /// <summary>
        /// Adds, updates or removes the delegate so it matches the role (primary calendar, internal users only), through
        /// the organisation's delegate rules: a new delegate gets Send on Behalf, a removed one loses it, as with EWS.
        /// The calendar entry itself was written by the caller.
        /// </summary>
        private void SetDelegate(SandboxMailbox mailbox, AclEntry principal, bool primary, string role)
        {
            if (!primary || principal.Type != PrincipalType.Internal)
            {
                return;
            }

            var record = SandboxOrganization.FindDelegate(mailbox, principal.Address);
            var user = org.Directory.FindByAddress(principal.Address!)!;
            if (!GraphRoles.IsDelegate(role))
            {
                if (record != null)
                {
                    org.RemoveDelegate(mailbox, user, keepCalendarEntry: true);
                }

                return;
            }

            Action<DelegateRecord> configure = r =>
            {
                r.Levels["Calendar"] = "Editor";
                r.ViewPrivateItems = role == GraphRoles.DelegateWithPrivate;
            };
            if (record == null)
            {
                org.AddDelegate(mailbox, user, configure);
            }
            else
            {
                configure(record);
            }
        }

        /// <summary>The principal an emailAddress names (the organisation's rule), in Graph's words when it names none usable.</summary>
        private AclEntry Principal(string address, string? name)
        {
            try
            {
                return org.ResolvePrincipal(address, null, name);
            }
            catch (PrincipalException error)
            {
                switch (error.Problem)
                {
                    case PrincipalProblem.UnknownInternalUser:
                        throw GraphException.BadRequest("ErrorInvalidUser", "The requested user '" + address + "' is invalid.");
                    case PrincipalProblem.ExternalDomainNotAllowed:
                        var domain = address.Substring(address.LastIndexOf('@') + 1);
                        throw new GraphException(403, "ErrorNotAllowedExternalSharingByPolicy", "The sharing policy does not allow sharing with '" + domain + "'.");
                    default:
                        throw GraphException.BadRequest("ErrorInvalidParameter", "'" + address + "' is not a valid SMTP address.");
                }
            }
        }

        /// <summary>The role must be one of the entry's allowedRoles (400), and the sharing policy must allow it for outsiders (403).</summary>
        private void CheckRole(SandboxMailbox mailbox, string role, string[] allowed, AclEntry principal)
        {
            if (!allowed.Contains(role))
            {
                throw GraphException.BadRequest("ErrorInvalidParameter",
                    "The role '" + role + "' is not allowed for this calendarPermission. Allowed roles: " + string.Join(", ", allowed) + ".");
            }

            // The organisation's sharing policy, the same rule EWS applies.
            switch (org.SharingPolicyAllows(mailbox, principal, PermissionLevels.RightsOf(GraphRoles.LevelOf(role))))
            {
                case SharingPolicyOutcome.DomainNotAllowed:
                    throw new GraphException(403, "ErrorNotAllowedExternalSharingByPolicy", "The sharing policy does not allow sharing with '" + principal.Address!.Substring(principal.Address.LastIndexOf('@') + 1) + "'.");
                case SharingPolicyOutcome.LevelNotAllowed:
                    throw new GraphException(403, "ErrorPermissionNotAllowedByPolicy", "The sharing policy does not allow the role '" + role + "' for '" + principal.Address + "'.");
            }
        }

        private static void CheckIfMatch(string? ifMatch, PermissionView view)
        {
            if (ifMatch == null)
            {
                return;
            }

            var any = false;
            foreach (var candidate in ifMatch.Split(','))
            {
                var tag = Unquote(candidate);
                if (tag == "*" || tag == Unquote(view.ETag))
                {
                    any = true;
                }
            }

            if (!any)
            {
                throw new GraphException(412, "ErrorIrresolvableConflict",
                    "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");
            }
        }

        // Weak comparison: W/"x" and "x" match.
        private static string Unquote(string tag)
        {
            var t = tag.Trim();
            if (t.StartsWith("W/", StringComparison.OrdinalIgnoreCase))
            {
                t = t.Substring(2);
            }

            return t.Trim('"');
        }

        private static string? ReadRole(JsonElement body)
        {
            if (!body.TryGetProperty("role", out var value))
            {
                return null;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return GraphRoles.Parse(text) ?? throw GraphException.BadRequest("RequestBodyRead",
                "Cannot convert the literal '" + (text ?? value.GetRawText()) + "' to the expected type 'microsoft.graph.calendarRoleType'.");
        }

        private static void CheckPropertyNames(JsonElement body)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (!property.Name.StartsWith("@", StringComparison.Ordinal) && !PermissionProperties.Contains(property.Name))
                {
                    throw GraphException.BadRequest("RequestBodyRead",
                        "The property '" + property.Name + "' does not exist on type 'microsoft.graph.calendarPermission'. Make sure to only use property names that are defined by the type or mark the type as open type.");
                }
            }
        }

        /// <summary>
        /// mailboxSettings (https://learn.microsoft.com/graph/api/user-get-mailboxsettings,
        /// https://learn.microsoft.com/graph/api/user-update-mailboxsettings): the whole, or one property on its own
        /// (GET only); PATCH stores what it validates and answers with the updated properties only. Delegated callers
        /// only on their own mailbox.
        /// </summary>
        private static GraphResponse MailboxSettings(GraphRequest request, SandboxMailbox mailbox, bool owner, string context, string? property)
        {
            if (request.Method != "GET" && (request.Method != "PATCH" || property != null))
            {
                throw MethodNotAllowed(request);
            }

            RequireOwner(owner);
            if (request.Method == "PATCH")
            {
                using (var document = ParseBody(request))
                {
                    byte[] body;
                    lock (mailbox.DelegateGate)
                    {
                        var updated = MailboxSettingsJson.Patch(mailbox, document.RootElement);
                        body = GraphJson.Write(w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("@odata.context", context);
                            foreach (var name in updated)
                            {
                                w.WritePropertyName(name);
                                MailboxSettingsJson.WriteValue(w, mailbox, name);
                            }

                            w.WriteEndObject();
                        });
                    }

                    return new GraphResponse(200, body);
                }
            }

            lock (mailbox.DelegateGate)
            {
                return property == null
                    ? Ok(w => MailboxSettingsJson.WriteAll(w, mailbox, context))
                    : Ok(w => MailboxSettingsJson.WriteOne(w, mailbox, property, context + "/" + property));
            }
        }

        private static SandboxFolder FindCalendar(SandboxMailbox mailbox, string graphId)
        {
            if (!FolderIds.TryDecode(GraphIds.ToEws(graphId), out var address, out var key))
            {
                throw GraphException.BadRequest("ErrorInvalidIdMalformed", "Id is malformed.");
            }

            var folder = string.Equals(address, mailbox.Address, StringComparison.OrdinalIgnoreCase) ? mailbox.FindByKey(key) : null;
            return folder != null && folder.IsCalendar ? folder : throw GraphException.ItemNotFound();
        }

        private static void RequireOwner(bool owner)
        {
            if (!owner)
            {
                throw GraphException.AccessDenied();
            }
        }

        /// <summary>The Graph view of a calendar's ACL, Anonymous left out; read with the delegate list held still.</summary>
        private static List<PermissionView> Views(SandboxMailbox mailbox, SandboxFolder folder)
        {
            lock (mailbox.DelegateGate)
            {
                var primary = folder == mailbox.Calendar;
                return folder.Read().Entries.Where(e => e.Type != PrincipalType.Anonymous).Select(e => View(e, primary, mailbox)).ToList();
            }
        }

        private static PermissionView View(AclEntry entry, bool primary, SandboxMailbox mailbox)
        {
            var role = GraphRoles.FromLevel(entry.Level);
            if (primary && entry.Type == PrincipalType.Internal && role == GraphRoles.Write)
            {
                var record = mailbox.Delegates.FirstOrDefault(d => string.Equals(d.User.Address, entry.Address, StringComparison.OrdinalIgnoreCase));
                if (record != null)
                {
                    role = record.ViewPrivateItems ? GraphRoles.DelegateWithPrivate : GraphRoles.DelegateWithoutPrivate;
                }
            }

            var id = IdOf(entry);
            return new PermissionView(entry, id, role, GraphRoles.Allowed(entry.Type, primary), ETagOf(id, role, entry.Rights));
        }

        /// <summary>Opaque ids shaped like EXO's: base64 of "Default", of a legacyExchangeDN, or of "ExchangePublishedUser.smtp".</summary>
        private static string IdOf(AclEntry entry)
        {
            switch (entry.Type)
            {
                case PrincipalType.Default:
                    return MyOrganizationId;
                case PrincipalType.Anonymous:
                    return AnonymousId;
                case PrincipalType.Internal:
                    return Convert.ToBase64String(Encoding.UTF8.GetBytes(LegacyDnPrefix + entry.Address!.ToLowerInvariant()));
                default:
                    return Convert.ToBase64String(Encoding.UTF8.GetBytes("ExchangePublishedUser." + entry.Address!.ToLowerInvariant()));
            }
        }

        // Per entry: changes when this entry's role or rights change, not when another entry does.
        private static string ETagOf(string id, string role, PermissionRights r)
        {
            var text = string.Join("|", id, role, r.CanCreateItems, r.CanCreateSubFolders, r.IsFolderOwner, r.IsFolderVisible, r.IsFolderContact, r.EditItems, r.DeleteItems, r.ReadItems);
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                return "W/\"" + Convert.ToBase64String(hash, 0, 12) + "\"";
            }
        }

        private static void WritePermission(Utf8JsonWriter w, PermissionView view, string? context)
        {
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            w.WriteString("@odata.etag", view.ETag);
            w.WriteString("id", view.Id);
            w.WriteString("role", view.Role);
            w.WriteStartArray("allowedRoles");
            foreach (var role in view.AllowedRoles)
            {
                w.WriteStringValue(role);
            }

            w.WriteEndArray();
            w.WriteBoolean("isInsideOrganization", view.Entry.Type != PrincipalType.External);
            w.WriteBoolean("isRemovable", view.Entry.Type != PrincipalType.Default);
            w.WriteStartObject("emailAddress");
            if (view.Entry.Type == PrincipalType.Default)
            {
                // My Organization has a name and no address (as in the examples on
                // https://learn.microsoft.com/graph/api/resources/calendarpermission)
                w.WriteString("name", "My Organization");
            }
            else
            {
                w.WriteString("name", view.Entry.DisplayName ?? view.Entry.Address);
                w.WriteString("address", view.Entry.Address);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteCalendar(Utf8JsonWriter w, SandboxFolder calendar, bool owner, bool canEdit, string? context)
        {
            var primary = calendar.DistinguishedName == "calendar";
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            w.WriteString("id", GraphIds.FromEws(calendar.Id));
            w.WriteString("name", calendar.DisplayName);
            w.WriteString("color", "auto");
            w.WriteString("hexColor", string.Empty);
            w.WriteBoolean("isDefaultCalendar", primary);
            w.WriteString("changeKey", calendar.CurrentChangeKey);
            w.WriteBoolean("canShare", canEdit);
            w.WriteBoolean("canViewPrivateItems", owner);
            w.WriteBoolean("canEdit", canEdit); // an app with Calendars.Read only may not edit (nor share)
            w.WriteStartArray("allowedOnlineMeetingProviders");
            w.WriteStringValue("teamsForBusiness");
            w.WriteEndArray();
            w.WriteString("defaultOnlineMeetingProvider", "teamsForBusiness");
            w.WriteBoolean("isTallyingResponses", true);
            w.WriteBoolean("isRemovable", !primary);
            w.WriteStartObject("owner");
            w.WriteString("name", calendar.Mailbox.Account.DisplayName);
            w.WriteString("address", calendar.Mailbox.Address);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static GraphResponse Ok(Action<Utf8JsonWriter> write) => new GraphResponse(200, GraphJson.Write(write));

        private sealed class PermissionView
        {
            public PermissionView(AclEntry entry, string id, string role, string[] allowedRoles, string etag)
            {
                Entry = entry;
                Id = id;
                Role = role;
                AllowedRoles = allowedRoles;
                ETag = etag;
            }

            public AclEntry Entry { get; }

            public string Id { get; }

            public string Role { get; }

            public string[] AllowedRoles { get; }

            public string ETag { get; }
        }
    }

    /// <summary>REST ids are the EWS ids in URL-safe base64 (what translateExchangeIds does between ewsId and restId).</summary>
    internal static class GraphIds
    {
        public static string FromEws(string ewsId) => ewsId.Replace('+', '-').Replace('/', '_');

        public static string ToEws(string restId) => restId.Replace('-', '+').Replace('_', '/');
    }
}
