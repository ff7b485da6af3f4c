package dev.llmrouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class WireRequestTest {

    private static WireRequest request(String rawQuery, HttpFields headers) {
        return new WireRequest("POST", "/v1beta/models/m:generateContent", rawQuery, headers);
    }

    @Test
    void shouldFindHeadersWhateverTheirCase() {
        // given a request sent with a lower-case header name
        WireRequest request = request(null, HttpFields.build().add("x-api-key", "k1").add("Authorization", "Bearer k2"));

        // when it is looked up in another case
        // then it is found, and an absent header is null
        assertThat(request.header("X-Api-Key")).isEqualTo("k1");
        assertThat(request.header("authorization")).isEqualTo("Bearer k2");
        assertThat(request.header("anthropic-version")).isNull();
    }

    @Test
    void shouldDecodeQueryParameters() {
        // given a query with an encoded value among other parameters
        WireRequest request = request("alt=json&key=a%2Bb%20c&key=second", HttpFields.EMPTY);

        // when a parameter is looked up
        // then its first value comes back decoded
        assertThat(request.queryParameter("key")).isEqualTo("a+b c");
        assertThat(request.queryParameter("alt")).isEqualTo("json");
    }

    @Test
    void shouldAnswerNullForAbsentQueryParameters() {
        // given requests with no query, an empty one, and one without the parameter
        // when the parameter is looked up
        // then it is null
        assertThat(request(null, HttpFields.EMPTY).queryParameter("key")).isNull();
        assertThat(request("", HttpFields.EMPTY).queryParameter("key")).isNull();
        assertThat(request("keys=1&akey=2", HttpFields.EMPTY).queryParameter("key")).isNull();
    }
}
