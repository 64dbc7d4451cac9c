using CalendarSharing.Core.Addressing;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    public class SmtpAddressTests
    {
        [Theory]
        [InlineData("alice@contoso.com", "alice", "contoso.com")]
        [InlineData("  Alice.Smith@Mail.Contoso.com ", "Alice.Smith", "Mail.Contoso.com")]
        [InlineData("smtp:bob@contoso.com", "bob", "contoso.com")]
        [InlineData("SMTP:bob+calendar@fabrikam.co.uk", "bob+calendar", "fabrikam.co.uk")]
        public void Accepts_an_address_and_splits_it(string text, string local, string domain)
        {
            Assert.True(SmtpAddress.TryParse(text, out var address));
            Assert.Equal(local, address.LocalPart);
            Assert.Equal(domain, address.Domain);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("alice")]
        [InlineData("@contoso.com")]
        [InlineData("alice@")]
        [InlineData("alice@contoso")]
        [InlineData("alice@contoso.")]
        [InlineData("alice@.com")]
        [InlineData("alice@contoso..com")]
        [InlineData("a@b@contoso.com")]
        [InlineData("Alice Smith <alice@contoso.com>")]
        [InlineData("alice@contoso.com;bob@contoso.com")]
        [InlineData("alice@contoso.com,bob@contoso.com")]
        [InlineData("CONTOSO\\alice@contoso.com")]
        [InlineData("alice@contoso.com:\\Calendar")]
        [InlineData("\"alice\"@contoso.com")]
        public void Refuses_what_is_not_one_address(string? text)
        {
            Assert.False(SmtpAddress.IsValid(text));
            Assert.Null(SmtpAddress.DomainOf(text));
        }

        [Fact]
        public void Domain_membership_includes_subdomains_and_comparison_ignores_case()
        {
            SmtpAddress.TryParse("bob@eu.contoso.com", out var bob);
            Assert.True(bob.IsInDomain("contoso.com"));
            Assert.True(bob.IsInDomain("EU.Contoso.com"));
            Assert.False(bob.IsInDomain("fabrikam.com"));
            Assert.False(bob.IsInDomain("toso.com"));
            SmtpAddress.TryParse("BOB@EU.contoso.COM", out var upper);
            Assert.Equal(bob, upper);
        }
    }
}
