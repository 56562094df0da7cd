package dev.switchyard.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One rendered Deployment, as much of it as a compose service needs. */
record Workload(String deployment, String service, int replicas, String image, List<String> args,
                Map<String, Object> resources, Integer httpPort, int rolePort) {

    static Workload of(Map<String, Object> deployment) {
        String name = Maps.string(deployment, "metadata", "name");
        String component = Maps.string(deployment, "metadata", "labels", "app.kubernetes.io/component");
        Object container = Maps.list(deployment, "spec", "template", "spec", "containers").getFirst();
        Integer http = null;
        int role = 0;
        for (Object p : Maps.list(container, "ports")) {
            if ("http".equals(Maps.string(p, "name"))) {
                http = Maps.integer(p, "containerPort");
            } else if ("role".equals(Maps.string(p, "name"))) {
                role = Maps.integer(p, "containerPort");
            }
        }
        Integer replicas = Maps.integer(deployment, "spec", "replicas");
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) Maps.at(container, "resources");
        return new Workload(name, component, replicas == null ? 1 : replicas, Maps.string(container, "image"),
                Maps.list(container, "args").stream().map(String::valueOf).toList(),
                resources == null ? Map.of() : resources, http, role);
    }

    /** The roles its {@code --roles=} argument names. */
    List<String> roles() {
        return args.stream().filter(a -> a.startsWith("--roles=")).findFirst()
                .map(a -> Arrays.asList(a.substring("--roles=".length()).split(","))).orElse(List.of());
    }

    Map<String, Object> composeService(int count, Map<String, String> roleHome, List<String> variables) {
        List<String> command = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("--instance-id=")) { // the pod's name there; here the container's host name
                command.add(a);
            }
        }
        List<String> dependsOn = new ArrayList<>();
        roleHome.forEach((role, home) -> {
            if (!home.equals(service) && !role.equals("gateway")) { // the gateway is called by clients only
                command.add("--peer=" + role + "=http://" + home + ":" + rolePort);
                if (httpPort != null && !dependsOn.contains(home)) { // the gateway waits for the roles it calls
                    dependsOn.add(home);
                }
            }
        });
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("image", image);
        s.put("command", command);
        s.put("environment", variables);
        if (httpPort != null) {
            String host = count == 1 ? String.valueOf(httpPort) : httpPort + "-" + (httpPort + count - 1);
            s.put("ports", List.of(host + ":" + httpPort));
        }
        s.put("volumes", List.of("./switchyard.yaml:/etc/switchyard/switchyard.yaml:ro"));
        if (!dependsOn.isEmpty()) {
            s.put("depends_on", dependsOn);
        }
        s.put("deploy", Map.of("replicas", count, "resources", Map.of(
                "limits", limits(Maps.at(resources, "limits")),
                "reservations", limits(Maps.at(resources, "requests")))));
        s.put("restart", "unless-stopped");
        return s;
    }

    /** Kubernetes quantities (500m, 1Gi) as compose's (cpus "0.5", memory "1g"). */
    private static Map<String, String> limits(Object quantities) {
        Map<String, String> out = new LinkedHashMap<>();
        String cpu = Maps.string(quantities, "cpu");
        String memory = Maps.string(quantities, "memory");
        if (cpu != null) {
            out.put("cpus", cpu.endsWith("m") ? stripZeros(Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000)
                    : cpu);
        }
        if (memory != null) {
            out.put("memory", memory.replaceFirst("([0-9]+)([KMGT])i$", "$1$2").toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String stripZeros(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
