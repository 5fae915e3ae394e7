package dev.pgmcp.auth.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

class RdsIamTokenGeneratorTest {

    static final Instant SIGNED_AT = Instant.parse("2026-11-23T10:20:30Z");
    static final Clock FIXED = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    static final String HOST = "app.cluster-abc123.eu-west-1.rds.amazonaws.com";
    static final AwsBasicCredentials BASIC = AwsBasicCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final AwsSessionCredentials SESSION = AwsSessionCredentials.create("ASIAEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE/session+token==");

    @Test
    void tokenMatchesTheSigV4SpecComputedIndependently() throws Exception {
        String token = new RdsIamTokenGenerator(HOST, 5432, "eu-west-1", FIXED).generate("agent_reader", BASIC).value();
        assertThat(token).startsWith(HOST + ":5432/?");
        Map<String, String> params = query(token);
        assertThat(params).containsEntry("Action", "connect").containsEntry("DBUser", "agent_reader")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Date", "20261123T102030Z")
                .containsEntry("X-Amz-Expires", "900")
                .containsEntry("X-Amz-SignedHeaders", "host")
                .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/20261123/eu-west-1/rds-db/aws4_request")
                .doesNotContainKey("X-Amz-Security-Token");
        assertThat(params.get("X-Amz-Signature")).isEqualTo(expectedSignature(params, HOST + ":5432",
                BASIC.secretAccessKey(), "eu-west-1"));
        // Golden value: pins the exact output for these fixed inputs.
        assertThat(params.get("X-Amz-Signature"))
                .isEqualTo(GOLDEN_SIGNATURE);
    }

    static final String GOLDEN_SIGNATURE = "4d991f88b2a8c905505680ea3b3ec5453d7fe850d8655fb9020ade0cba8cdc98";

    @Test
    void sessionCredentialsAddTheSecurityTokenAndSignIt() throws Exception {
        String token = new RdsIamTokenGenerator(HOST, 5432, "eu-west-1", FIXED).generate("agent_reader", SESSION).value();
        Map<String, String> params = query(token);
        assertThat(params).containsEntry("X-Amz-Security-Token", SESSION.sessionToken())
                .containsEntry("X-Amz-Credential", "ASIAEXAMPLE/20261123/eu-west-1/rds-db/aws4_request");
        assertThat(params.get("X-Amz-Signature")).isEqualTo(expectedSignature(params, HOST + ":5432",
                SESSION.secretAccessKey(), "eu-west-1"));
    }

    @Test
    void identicalToTheSdksRdsUtilitiesAtTheSameInstant() {
        for (AwsCredentials credentials : new AwsCredentials[] {BASIC, SESSION}) {
            RdsUtilities utilities = RdsUtilities.builder().region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
            String theirs = utilities.generateAuthenticationToken(b -> b.hostname("db.internal.example").port(6543)
                    .username("reader"));
            Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").parse(query(theirs).get("X-Amz-Date"),
                    Instant::from);
            String ours = new RdsIamTokenGenerator("db.internal.example", 6543, "us-east-1",
                    Clock.fixed(at, ZoneOffset.UTC)).generate("reader", credentials).value();
            // The same host, parameters and signature; only the order of the query parameters may differ.
            assertThat(ours.substring(0, ours.indexOf('?'))).isEqualTo(theirs.substring(0, theirs.indexOf('?')));
            assertThat(query(ours)).isEqualTo(query(theirs));
            assertThat(query(ours).get("X-Amz-Signature")).isEqualTo(query(theirs).get("X-Amz-Signature"));
        }
    }

    @Test
    void theSigningHostAndPortAreSigned() {
        RdsIamTokenGenerator.Token a = new RdsIamTokenGenerator(HOST, 5432, "eu-west-1", FIXED).generate("u", BASIC);
        RdsIamTokenGenerator.Token b = new RdsIamTokenGenerator(HOST, 5433, "eu-west-1", FIXED).generate("u", BASIC);
        assertThat(query(a.value()).get("X-Amz-Signature")).isNotEqualTo(query(b.value()).get("X-Amz-Signature"));
        assertThat(a.expiresAt()).isEqualTo(SIGNED_AT.plusSeconds(900));
        assertThat(a.toString()).doesNotContain("X-Amz");
    }

    @Test
    void regionComesFromRdsEndpointNames() {
        assertThat(RdsEndpoints.region(HOST)).contains("eu-west-1");
        assertThat(RdsEndpoints.region("db.cluster-ro-xyz.us-gov-west-1.rds.amazonaws.com")).contains("us-gov-west-1");
        assertThat(RdsEndpoints.region("proxy1.proxy-abc.ap-southeast-2.rds.amazonaws.com")).contains("ap-southeast-2");
        assertThat(RdsEndpoints.region("db.abc.cn-north-1.rds.amazonaws.com.cn")).contains("cn-north-1");
        assertThat(RdsEndpoints.region("localhost")).isEmpty();
        assertThat(RdsEndpoints.region("db.example.com")).isEmpty();
    }

    /** SHA-256 of the empty payload: RDS tokens sign it rather than UNSIGNED-PAYLOAD. */
    static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** SigV4 (docs "Create a signed AWS API request"), query-string authentication, by hand. */
    static String expectedSignature(Map<String, String> params, String hostHeader, String secret, String region)
            throws Exception {
        String amzDate = params.get("X-Amz-Date");
        String date = amzDate.substring(0, 8);
        String canonicalQuery = new TreeMap<>(params).entrySet().stream()
                .filter(e -> !e.getKey().equals("X-Amz-Signature"))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String canonicalRequest = "GET\n/\n" + canonicalQuery + "\nhost:" + hostHeader + "\n\nhost\n"
                + EMPTY_PAYLOAD_SHA256;
        String scope = date + "/" + region + "/rds-db/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "rds-db");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    static Map<String, String> query(String token) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : token.substring(token.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
