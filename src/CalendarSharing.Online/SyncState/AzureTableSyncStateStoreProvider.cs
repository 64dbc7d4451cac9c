using System;
using Azure.Core;
using CalendarSharing.Core.Sync;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.SyncState
{
    /// <summary>
    /// Plugs the Azure Table store into <see cref="SyncStateStores"/>: <c>-StateStore https://{account}.table.core.windows.net/{table}</c>
    /// (a token: the context's credential, else DefaultAzureCredential, i.e. the managed identity in Azure Automation), the
    /// same URL with a SAS query, or a storage connection string with <c>;Table={table}</c> (Azurite:
    /// <c>UseDevelopmentStorage=true;Table=sync</c>). Public with a parameterless constructor so the cmdlet layer finds it
    /// by reflection in CalendarSharing.Online.
    /// </summary>
    public sealed class AzureTableSyncStateStoreProvider : ISyncStateStoreProvider
    {
        public bool CanOpen(string spec) => AzureTableStateStoreSpec.IsAzureTable(spec);

        public ISyncStateStore Open(string spec, SyncStateStoreContext context)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            AzureTableStateStoreSpec parsed;
            try
            {
                parsed = AzureTableStateStoreSpec.Parse(spec);
            }
            catch (ArgumentException e)
            {
                // Our messages never repeat the spec; the factory's redaction is what names it.
                throw new SyncStateStoreException(spec, e.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0], e);
            }

            if (context.Credential != null && !(context.Credential is TokenCredential))
            {
                throw new SyncStateStoreException(spec, Texts.Format(nameof(Texts.Error_AzureTableCredentialType), parsed.Description, context.Credential.GetType().Name));
            }

            return parsed.Open(new AzureTableStateStoreOptions
            {
                Credential = context.Credential as TokenCredential,
                Time = context.Time,
            });
        }
    }
}
