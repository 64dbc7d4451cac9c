using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.SyncState
{
    /// <summary>How the store signs in to the table.</summary>
    public enum AzureTableAuthentication
    {
        /// <summary>A Microsoft Entra token (a managed identity in Azure Automation, or whatever DefaultAzureCredential finds).</summary>
        Token,

        /// <summary>A shared access signature in the URL's query.</summary>
        SharedAccessSignature,

        /// <summary>A storage connection string (account key, or UseDevelopmentStorage=true for Azurite).</summary>
        ConnectionString,
    }

    /// <summary>Options for opening the store beyond what the spec says.</summary>
    public sealed class AzureTableStateStoreOptions
    {
        /// <summary>The credential for a plain https URL; null = DefaultAzureCredential (managed identity first when
        /// <see cref="ManagedIdentityClientId"/> is given, as an Azure Automation runbook wants).</summary>
        public TokenCredential? Credential { get; set; }

        /// <summary>A user-assigned managed identity's client id, for the default credential.</summary>
        public string? ManagedIdentityClientId { get; set; }

        /// <summary>Sends the table requests through this handler (tests count them); null = the SDK's own HttpClient.</summary>
        public HttpMessageHandler? Handler { get; set; }

        /// <summary>The clock lease expiry is read from (tests fake it).</summary>
        public TimeProvider? Time { get; set; }

        /// <summary>Create the table when it does not exist (default true).</summary>
        public bool CreateTable { get; set; } = true;
    }

    /// <summary>
    /// What <c>-StateStore</c> (or a profile's StateStore) can say to reach an Azure Table, and the store it opens:
    /// <list type="bullet">
    /// <item><c>https://{account}.table.core.windows.net/{table}</c>: signed in with a token (a managed identity in Azure
    /// Automation; the identity needs the "Storage Table Data Contributor" role). Safe in a profile: it holds no secret.</item>
    /// <item><c>https://{account}.table.core.windows.net/{table}?sv=…&amp;sig=…</c>: a SAS (table-scoped, with read, add,
    /// update and delete). A secret: give it on the command line or from a vault, never in a profile.</item>
    /// <item>a connection string with the table added as <c>Table={table}</c>, e.g.
    /// <c>UseDevelopmentStorage=true;Table=sync</c> (Azurite) or
    /// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net;Table=sync</c>.
    /// A secret when it carries a key or a SAS.</item>
    /// </list>
    /// Path-style URLs (Azurite, <c>http://127.0.0.1:10002/devstoreaccount1/{table}</c>) work the same way.
    /// Nothing here ever prints the key or the signature: <see cref="Description"/> is scheme, host and path only.
    /// </summary>
    public sealed class AzureTableStateStoreSpec
    {
        private const string TableKey = "Table";

        private readonly string? connectionString;
        private readonly Uri? endpoint;

        private AzureTableStateStoreSpec(AzureTableAuthentication authentication, string tableName, string description, Uri? endpoint, string? connectionString)
        {
            Authentication = authentication;
            TableName = tableName;
            Description = description;
            this.endpoint = endpoint;
            this.connectionString = connectionString;
        }

        public AzureTableAuthentication Authentication { get; }

        public string TableName { get; }

        /// <summary>Where the table is, safe to print: "https://account.table.core.windows.net/sync".</summary>
        public string Description { get; }

        /// <summary>Whether the spec itself is a secret (a key or a SAS): such a spec must not be written into a profile.</summary>
        public bool ContainsSecret => Authentication != AzureTableAuthentication.Token && !IsDevelopmentStorageWithoutKey;

        private bool IsDevelopmentStorageWithoutKey =>
            connectionString != null && connectionString.IndexOf("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) >= 0 &&
            connectionString.IndexOf("AccountKey", StringComparison.OrdinalIgnoreCase) < 0;

        /// <summary>Whether <paramref name="spec"/> names an Azure Table (a URL of a table service, or a connection string with Table=).</summary>
        public static bool IsAzureTable(string? spec)
        {
            if (string.IsNullOrWhiteSpace(spec))
            {
                return false;
            }

            var text = spec!.Trim();
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return uri.Host.IndexOf(".table.", StringComparison.OrdinalIgnoreCase) >= 0 || uri.IsLoopback;
            }

            return ParseConnectionString(text).ContainsKey(TableKey);
        }

        /// <summary>Reads a spec; the exception never repeats it (it may be a secret).</summary>
        public static AzureTableStateStoreSpec Parse(string spec)
        {
            if (string.IsNullOrWhiteSpace(spec))
            {
                throw new ArgumentException(Texts.Error_AzureTableNeedsSpec, nameof(spec));
            }

            var text = spec.Trim();
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                var segments = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                if (segments.Length == 0)
                {
                    throw new ArgumentException(Texts.Format(nameof(Texts.Error_AzureTableUrlNoTable), uri.Scheme, uri.Authority), nameof(spec));
                }

                var table = Uri.UnescapeDataString(segments[segments.Length - 1]);
                var service = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty, Path = string.Join("/", segments.Take(segments.Length - 1)) }.Uri;
                var description = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";
                var sas = uri.Query.IndexOf("sig=", StringComparison.OrdinalIgnoreCase) >= 0;
                if (!sas && uri.Query.Length > 1)
                {
                    throw new ArgumentException(Texts.Format(nameof(Texts.Error_AzureTableUrlNotSas), description), nameof(spec));
                }

                return sas
                    ? new AzureTableStateStoreSpec(AzureTableAuthentication.SharedAccessSignature, table, description, uri, null)
                    : new AzureTableStateStoreSpec(AzureTableAuthentication.Token, table, description, service, null);
            }

            var parts = ParseConnectionString(text);
            if (!parts.TryGetValue(TableKey, out var tableName) || string.IsNullOrWhiteSpace(tableName))
            {
                throw new ArgumentException(Texts.Error_AzureTableConnectionStringNoTable, nameof(spec));
            }

            var rest = string.Join(";", parts.Where(p => !string.Equals(p.Key, TableKey, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key + "=" + p.Value));
            return new AzureTableStateStoreSpec(AzureTableAuthentication.ConnectionString, tableName.Trim(), DescribeConnectionString(parts, tableName.Trim()), null, rest);
        }

        /// <summary>Opens the store (the table is created on first use unless <see cref="AzureTableStateStoreOptions.CreateTable"/> is false).</summary>
        public AzureTableSyncStateStore Open(AzureTableStateStoreOptions? options = null)
        {
            options ??= new AzureTableStateStoreOptions();
            var clientOptions = new TableClientOptions();
            if (options.Handler != null)
            {
                clientOptions.Transport = new HttpClientTransport(options.Handler);
            }

            // Neither request bodies nor the SAS query reach the SDK's event source logs (it redacts sig by default, and
            // keeps content out with this).
            clientOptions.Diagnostics.IsLoggingContentEnabled = false;
            TableClient client;
            try
            {
                switch (Authentication)
                {
                    case AzureTableAuthentication.SharedAccessSignature:
                        client = new TableClient(endpoint!, clientOptions);
                        break;
                    case AzureTableAuthentication.ConnectionString:
                        client = new TableClient(connectionString!, TableName, clientOptions);
                        break;
                    default:
                        client = new TableClient(endpoint!, TableName, options.Credential ?? DefaultCredential(options), clientOptions);
                        break;
                }
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException || e is InvalidOperationException)
            {
                // The SDK's own message could quote the connection string; ours does not.
                throw new ArgumentException(Texts.Format(nameof(Texts.Error_AzureTableNotOpened), Description, e.GetType().Name));
            }

            return new AzureTableSyncStateStore(client, Description, options.Time, options.CreateTable);
        }

        public override string ToString() => Description;

        private static TokenCredential DefaultCredential(AzureTableStateStoreOptions options)
        {
            var id = options.ManagedIdentityClientId;
            if (!string.IsNullOrWhiteSpace(id))
            {
                return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id!.Trim()));
            }

            return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true });
        }

        private static Dictionary<string, string> ParseConnectionString(string text)
        {
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var piece in text.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var at = piece.IndexOf('=');
                if (at > 0)
                {
                    parts[piece.Substring(0, at).Trim()] = piece.Substring(at + 1).Trim();
                }
            }

            return parts;
        }

        private static string DescribeConnectionString(Dictionary<string, string> parts, string table)
        {
            if (parts.TryGetValue("TableEndpoint", out var tableEndpoint) && Uri.TryCreate(tableEndpoint, UriKind.Absolute, out var uri))
            {
                return $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath.TrimEnd('/')}/{table}";
            }

            if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
            {
                return $"http://127.0.0.1:10002/devstoreaccount1/{table}";
            }

            parts.TryGetValue("AccountName", out var account);
            parts.TryGetValue("EndpointSuffix", out var suffix);
            parts.TryGetValue("DefaultEndpointsProtocol", out var scheme);
            return $"{scheme ?? "https"}://{account ?? "(account)"}.table.{suffix ?? "core.windows.net"}/{table}";
        }
    }
}
