package dev.switchyard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void toString_passwordParametersInTheUrl_areMasked() {
        String url = "jdbc:postgresql://db:5432/sy?user=sy&password=hunter2&sslmode=verify-full&sslpassword=keypass2"
                + "&PASSWORD=upper3";

        String text = new StoreConfig(url, "sy", "field-secret", null, 4).toString();

        assertThat(text).doesNotContain("hunter2").doesNotContain("keypass2").doesNotContain("upper3")
                .doesNotContain("field-secret")
                .contains("jdbc:postgresql://db:5432/sy?user=sy&password=***&sslmode=verify-full&sslpassword=***");
    }

    @Test
    void toString_h2PasswordAndUserInfo_areMasked() {
        assertThat(new StoreConfig("jdbc:h2:file:/x;USER=sa;PASSWORD=h2secret;MODE=PostgreSQL", null, null, null, 4)
                .toString()).doesNotContain("h2secret").contains(";PASSWORD=***;MODE=PostgreSQL");
        assertThat(new StoreConfig("jdbc:mysql://root:rootsecret@db/x", null, null, null, 4).toString())
                .doesNotContain("rootsecret").contains("//root:***@db/x");
    }
}
