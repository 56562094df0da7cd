package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void postgresProblem_plainAndTunedPostgresUrls_areAccepted() {
        assertThat(JdbcUrls.postgresProblem("jdbc:postgresql://db:5432/sy")).isEmpty();
        assertThat(JdbcUrls.postgresProblem("jdbc:postgresql://a,b:5433/sy?sslmode=require&connectTimeout=3&password=x"))
                .isEmpty();
    }

    @Test
    void postgresProblem_otherDriversAndDangerousParameters_areRefused() {
        assertThat(JdbcUrls.postgresProblem("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '/tmp/x'")).isPresent();
        assertThat(JdbcUrls.postgresProblem("jdbc:postgresql:x")).isEmpty();
        assertThat(JdbcUrls.postgresProblem(" jdbc:postgresql://db/x")).isPresent();
        assertThat(JdbcUrls.postgresProblem("jdbc:PostgreSQL://db/x")).isPresent();
        for (String p : new String[] {"socketFactory", "socketFactoryArg", "sslfactory", "sslhostnameverifier",
                "sslpasswordcallback", "authenticationPluginClassName", "loggerFile", "sslcert", "sslkey", "service",
                "SSLMODE", "sslmod%65", "jaasLogin"}) {
            assertThat(JdbcUrls.postgresProblem("jdbc:postgresql://db/x?sslmode=disable&" + p + "=v"))
                    .as(p).hasValueSatisfying(m -> assertThat(m).doesNotContain("=v"));
        }
        assertThat(JdbcUrls.postgresProblem("jdbc:postgresql://db/x?socketFactory")).isPresent();
        assertThat(JdbcUrls.postgresProblem("jdbc:postgresql://db/x?ssl=true\n&socketFactory=x")).isPresent();
    }
}
