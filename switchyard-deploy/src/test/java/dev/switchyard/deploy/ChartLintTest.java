package dev.switchyard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** helm lint over the chart as the build packaged it (helm-java's lint reads the chart's own values only). */
class ChartLintTest {

    @Test
    void lint_packagedChartStrict_reportsNoErrorOrWarning() {
        LintResult result;
        try (PackagedChart chart = PackagedChart.extract()) {
            result = new Helm(chart.chart()).lint().strict().call();
        }

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }
}
