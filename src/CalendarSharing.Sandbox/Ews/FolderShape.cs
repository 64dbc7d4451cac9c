using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>m:FolderShape: the base shape and the additional FieldURIs asked for.</summary>
    internal sealed class FolderShape
    {
        private readonly HashSet<string> additional;

        private FolderShape(string baseShape, HashSet<string> additional)
        {
            BaseShape = baseShape;
            this.additional = additional;
        }

        /// <summary>IdOnly | Default | AllProperties.</summary>
        public string BaseShape { get; }

        public static FolderShape Parse(XElement? shape)
        {
            var baseShape = ((string?)shape?.Element(EwsNames.T + "BaseShape") ?? "Default").Trim();
            var fields = shape?.Element(EwsNames.T + "AdditionalProperties")?.Elements(EwsNames.T + "FieldURI")
                .Select(e => (string?)e.Attribute("FieldURI") ?? string.Empty) ?? Enumerable.Empty<string>();
            return new FolderShape(baseShape, new HashSet<string>(fields, StringComparer.Ordinal));
        }

        public bool IsDefaultOrMore => BaseShape == "Default" || BaseShape == "AllProperties";

        public bool IsAll => BaseShape == "AllProperties";

        /// <summary>
        /// Whether a property is returned. Permissions only when folder:PermissionSet is asked for explicitly: from
        /// Exchange 2013 on, AllProperties does not include them
        /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/permissionset-calendarpermissionsettype).
        /// </summary>
        public bool Wants(string fieldUri) => additional.Contains(fieldUri);
    }
}
