package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.e2e.client.ApiClient;
import dev.gavel.e2e.client.ApiException;
import dev.gavel.e2e.client.api.AccountsApi;
import dev.gavel.e2e.client.api.AuctionsApi;
import dev.gavel.e2e.client.api.BidsApi;
import dev.gavel.e2e.client.api.CertificatesApi;
import dev.gavel.e2e.client.api.StatisticsApi;
import dev.gavel.e2e.client.model.BidPage;
import dev.gavel.e2e.client.model.Certificate;
import dev.gavel.e2e.client.model.CertificateRecord;
import dev.gavel.e2e.client.model.Created;
import dev.gavel.e2e.client.model.Error;
import dev.gavel.e2e.client.model.GrantDenied;
import dev.gavel.e2e.client.model.Item;
import dev.gavel.e2e.client.model.ItemPage;
import dev.gavel.e2e.client.model.NewBid;
import dev.gavel.e2e.client.model.NewBidAmount;
import dev.gavel.e2e.client.model.NewCertificate;
import dev.gavel.e2e.client.model.NewItem;
import dev.gavel.e2e.client.model.NewShareClass;
import dev.gavel.e2e.client.model.PlacedBid;
import dev.gavel.e2e.client.model.Profile;
import dev.gavel.e2e.client.model.ProfilePage;
import dev.gavel.e2e.client.model.Registration;
import dev.gavel.e2e.client.model.ShareClass;
import dev.gavel.e2e.client.model.StatisticsSummary;
import dev.gavel.e2e.client.model.Token;
import dev.gavel.e2e.client.model.Winner;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives the stack through nginx with the client that the build generates from the served OpenAPI document
 * (e2e/pom.xml). An operation, parameter or status the document gets wrong does not compile or fails here,
 * and so does a response field it does not describe: the client's mapper refuses unknown properties.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(SharedDemoStack.class)
class GeneratedClientEndToEndTest {

    private static final String ADMIN = "admin:e2e-admin-secret";
    private static final String JOHN = "john:12345";

    private static Stack stack;

    @BeforeAll
    static void takeStack(Stack shared) {
        stack = shared;
    }

    @Test
    void shouldRegisterBidWithATokenAndReadTheWinnerThroughTheGeneratedClient() throws ApiException {
        // given
        Item created = new AuctionsApi(client(basic(ADMIN)))
                .createItem(new NewItem().id("client-lot").title("Generated client lot"));
        Created ann = new AccountsApi(client(null))
                .registerUser(new Registration().username("client-ann").password("ann-secret"));
        Token token = new AccountsApi(client(basic("client-ann:ann-secret"))).issueToken();

        // when
        PlacedBid annBid = new BidsApi(client("Bearer " + token.getToken()))
                .placeBid("client-lot", "client-ann-1", new NewBid().amount(new NewBidAmount(new BigDecimal("12.5"))));
        PlacedBid johnBid = new BidsApi(client(basic(JOHN)))
                .placeBid("client-lot", null, new NewBid().amount(new NewBidAmount("7.25")));

        // then
        assertEquals("client-lot", created.getId());
        assertEquals(Item.StatusEnum.OPEN, created.getStatus());
        assertNull(created.getWinningBid());
        assertEquals("client-ann", ann.getUsername());
        assertEquals("client-ann", annBid.getUser());
        assertEquals(0, new BigDecimal("12.5").compareTo(annBid.getAmount()));
        assertEquals(1L, annBid.getSeq());
        assertTrue(annBid.getLeading());
        assertEquals(2L, johnBid.getSeq());
        assertFalse(johnBid.getLeading());

        BidsApi reader = new BidsApi(client(null));
        Winner winner = reader.getWinner("client-lot");
        assertEquals("client-ann", winner.getUser());
        assertEquals(1L, winner.getSeq());
        assertFalse(winner.getFinal());
        BidPage bids = reader.listBids("client-lot", 10, null);
        assertEquals(List.of("client-ann", "john"), bids.getBids().stream().map(bid -> bid.getUser()).toList());
        assertEquals(annBid.getTs(), bids.getBids().get(0).getTs());
        assertNull(bids.getNext());
    }

    @Test
    void shouldGrantACertificateAndReportADeniedGrantAsDocumented() throws Exception {
        // given
        CertificatesApi admin = new CertificatesApi(client(basic(ADMIN)));
        admin.createShareClass(new NewShareClass().code("CLI").name("Client Stock").authorized(100L));

        // when
        Certificate granted = admin.issueCertificate(new NewCertificate().name("Salt Bae").amount(40L).propertyClass("CLI"),
                "client-grant-1");
        ApiException denied = assertThrows(ApiException.class,
                () -> admin.issueCertificate(new NewCertificate().name("Salt Bae").amount(61L).propertyClass("CLI"), null));
        ApiException taken = assertThrows(ApiException.class,
                () -> new AccountsApi(client(null)).registerUser(new Registration().username("JOHN").password("whatever")));

        // then
        assertEquals("CLI-1", granted.getCertId());
        assertEquals(40L, granted.getAmount());
        CertificateRecord stored = new CertificatesApi(client(null)).getCertificate("CLI-1");
        assertEquals(granted.getIssuedAt(), stored.getIssuedAt());
        assertEquals(1L, stored.getNumber());
        assertEquals("admin", stored.getIssuedBy());
        ShareClass counts = new CertificatesApi(client(null)).getShareClass("CLI");
        assertEquals(60L, counts.getRemaining());
        assertEquals(1L, counts.getCertificates());

        assertEquals(403, denied.getCode());
        GrantDenied refusal = strictMapper().readValue(denied.getResponseBody(), GrantDenied.class);
        assertEquals(GrantDenied.ErrorEnum.FORBIDDEN, refusal.getError());
        assertEquals(60L, refusal.getRemaining());

        assertEquals(409, taken.getCode());
        Error conflict = strictMapper().readValue(taken.getResponseBody(), Error.class);
        assertEquals(Error.ErrorEnum.CONFLICT, conflict.getError());
    }

    @Test
    void shouldReadProfilesItemsAndStatisticsAsTheDocumentDescribesThem() throws ApiException {
        // when
        Profile john = new AccountsApi(client(null)).getUser("john");
        ProfilePage users = new AccountsApi(client(null)).listUsers(2, null);
        ItemPage open = new AuctionsApi(client(null)).listItems("open", 1000, null);
        StatisticsSummary summary = new StatisticsApi(client(null)).getStatisticsSummary();
        ApiException unknown = assertThrows(ApiException.class, () -> new AuctionsApi(client(null)).getItem("no-such-lot"));

        // then
        assertEquals(List.of(Profile.RolesEnum.BIDDER), john.getRoles());
        assertEquals(2, users.getUsers().size());
        assertNotNull(users.getNext());
        assertTrue(open.getItems().stream().anyMatch(item -> item.getId().equals("999")), open::toString);
        assertEquals(60, summary.getWindowSeconds());
        assertEquals(404, unknown.getCode());
    }

    /** A client for the stack's nginx that sends this Authorization header (none when null). */
    private static ApiClient client(String authorization) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + stack.port());
        client.setObjectMapper(strictMapper());
        if (authorization != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", authorization));
        }
        return client;
    }

    /** The generated client's mapper, except that a field the document does not describe is an error. */
    private static ObjectMapper strictMapper() {
        return ApiClient.createDefaultObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
