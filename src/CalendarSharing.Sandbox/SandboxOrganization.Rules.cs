using System;
using System.Linq;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>Why a principal named on a write could not be used; each protocol renders it in its own words.</summary>
    internal enum PrincipalProblem
    {
        /// <summary>Neither an SMTP address nor a SID (EWS ErrorInvalidUserInfo, Graph 400 ErrorInvalidParameter).</summary>
        NotAnAddress,

        /// <summary>An address of the organisation's domain that names no mailbox (EWS ErrorInvalidUserInfo, Graph 400 ErrorInvalidUser).</summary>
        UnknownInternalUser,

        /// <summary>A SID the directory does not know (EWS ErrorInvalidUserSid).</summary>
        UnknownSid,

        /// <summary>An outside domain the sharing policy does not name (EWS ErrorNotAllowedExternalSharingByPolicy, Graph 403).</summary>
        ExternalDomainNotAllowed,
    }

    /// <summary>Why a delegate could not be added or removed.</summary>
    internal enum DelegateProblem
    {
        /// <summary>The owner cannot be her own delegate (EWS ErrorDelegateCannotAddOwner).</summary>
        Owner,

        /// <summary>Already a delegate (EWS ErrorDelegateAlreadyExists).</summary>
        AlreadyDelegate,

        /// <summary>Not a delegate (EWS ErrorNotDelegate).</summary>
        NotDelegate,
    }

    internal sealed class PrincipalException : Exception
    {
        public PrincipalException(PrincipalProblem problem, string principal)
            : base(problem + ": " + principal)
        {
            Problem = problem;
            Principal = principal;
        }

        public PrincipalProblem Problem { get; }

        public string Principal { get; }
    }

    internal sealed class DelegateException : Exception
    {
        public DelegateException(DelegateProblem problem)
            : base(problem.ToString())
        {
            Problem = problem;
        }

        public DelegateProblem Problem { get; }
    }

    // The organisation's rules, written once: who a principal is, what the sharing policy allows, what adding or
    // removing a delegate implies. EWS and Graph only render the outcomes in their own wire forms.
    public sealed partial class SandboxOrganization
    {
        /// <summary>
        /// The principal an SMTP address (or, failing that, a SID) names: a mailbox of the organisation, or a person
        /// outside it (the display name from the directory's contact, else <paramref name="name"/>, else the address).
        /// Whether the mailbox may share with that person is the sharing policy's to say
        /// (<see cref="SharingPolicyAllows"/>). Throws <see cref="PrincipalException"/>. The returned entry carries no rights.
        /// </summary>
        internal AclEntry ResolvePrincipal(string? address, string? sid = null, string? name = null)
        {
            address = address?.Trim();
            if (string.IsNullOrEmpty(address))
            {
                if (string.IsNullOrEmpty(sid))
                {
                    throw new PrincipalException(PrincipalProblem.NotAnAddress, string.Empty);
                }

                address = (Directory.FindBySid(sid!) ?? throw new PrincipalException(PrincipalProblem.UnknownSid, sid!)).Address;
            }

            var at = address!.LastIndexOf('@');
            var domain = at > 0 ? address.Substring(at + 1) : string.Empty;
            if (string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase))
            {
                // A mailbox user, or a mail-enabled security group: folder permissions go to security principals, which a
                // distribution group is not (https://learn.microsoft.com/powershell/module/exchangepowershell/add-mailboxfolderpermission).
                var user = Directory.FindByAddress(address);
                if (user == null || !(user.HasMailbox || user.IsSecurityGroup))
                {
                    throw new PrincipalException(PrincipalProblem.UnknownInternalUser, address);
                }

                return new AclEntry(PrincipalType.Internal, user.Address, user.DisplayName, user.Sid, default);
            }

            if (domain.Length == 0 || domain.IndexOf('.') <= 0)
            {
                throw new PrincipalException(PrincipalProblem.NotAnAddress, address);
            }

            var contact = Directory.FindByAddress(address);
            return new AclEntry(PrincipalType.External, contact?.Address ?? address.ToLowerInvariant(), contact?.DisplayName ?? name ?? address, null, default);
        }

        /// <summary>
        /// Whether an SMTP address is a recipient mail can go to, by the same rule <see cref="ResolvePrincipal"/> applies:
        /// a mailbox of the organisation, or any well-formed address outside it. Null when it is not: an address of the
        /// organisation's domain that names no mailbox, or no address at all. EWS GetMailTips renders the answer as
        /// InvalidRecipient and Scope.
        /// </summary>
        internal AclEntry? FindRecipient(string? address)
        {
            try
            {
                return ResolvePrincipal(address);
            }
            catch (PrincipalException)
            {
                return null;
            }
        }

        /// <summary>The mailbox user a delegate entry names (address or SID), or null when it names no mailbox.</summary>
        internal DirectoryEntry? FindDelegateUser(string? address, string? sid)
        {
            var user = !string.IsNullOrEmpty(address) ? Directory.FindByAddress(address!)
                : !string.IsNullOrEmpty(sid) ? Directory.FindBySid(sid!)
                : null;
            return user != null && user.HasMailbox ? user : null;
        }

        /// <summary>
        /// Adds a delegate, as Exchange does whichever protocol asks: the record (<paramref name="configure"/> sets its
        /// folder levels and flags, and may write the calendar entry), then the delegate joins the mailbox's
        /// publicDelegates (GrantSendOnBehalfTo). Call with <see cref="SandboxMailbox.DelegateGate"/> held.
        /// </summary>
        internal DelegateRecord AddDelegate(SandboxMailbox mailbox, DirectoryEntry user, Action<DelegateRecord> configure)
        {
            if (string.Equals(user.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase))
            {
                throw new DelegateException(DelegateProblem.Owner);
            }

            if (FindDelegate(mailbox, user.Address) != null)
            {
                throw new DelegateException(DelegateProblem.AlreadyDelegate);
            }

            var record = new DelegateRecord(user);
            configure(record);
            mailbox.Delegates.Add(record);
            mailbox.Rights.AddSendOnBehalf(user.Address);
            return record;
        }

        /// <summary>
        /// Removes a delegate: the record, its Send on Behalf, and (unless <paramref name="keepCalendarEntry"/>, when the
        /// caller rewrites that entry itself) its calendar ACL entry. Call with <see cref="SandboxMailbox.DelegateGate"/> held.
        /// </summary>
        internal void RemoveDelegate(SandboxMailbox mailbox, DirectoryEntry user, bool keepCalendarEntry = false)
        {
            var record = FindDelegate(mailbox, user.Address) ?? throw new DelegateException(DelegateProblem.NotDelegate);
            mailbox.Delegates.Remove(record);
            if (!keepCalendarEntry && mailbox.Calendar.Read().Entries.Any(e => string.Equals(e.Address, user.Address, StringComparison.OrdinalIgnoreCase)))
            {
                mailbox.Calendar.Modify(entries =>
                {
                    entries.RemoveAll(e => string.Equals(e.Address, user.Address, StringComparison.OrdinalIgnoreCase));
                    return entries;
                });
            }

            mailbox.Rights.RemoveSendOnBehalf(user.Address);
        }

        internal static DelegateRecord? FindDelegate(SandboxMailbox mailbox, string? address) =>
            address == null ? null : mailbox.Delegates.FirstOrDefault(d => string.Equals(d.User.Address, address, StringComparison.OrdinalIgnoreCase));
    }
}
