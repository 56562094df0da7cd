package dev.switchyard.app.topology;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The loopback ports of one topology, one block of ten that is free now: edge gateways (2), edge role ports
 * (2), claude (3), auth (2), conversation (1). Instance n of a service uses its first port + n - 1.
 */
record Ports(int base) {
    static Ports free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            // below the kernel's ephemeral range (32768-60999 here): no outgoing connection of another
            // process can take a port between this check and the child's bind (it did, in CI)
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (allFree(base, 10)) {
                return new Ports(base);
            }
        }
        throw new IllegalStateException("no block of 10 free loopback ports");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    List<Integer> gateways() {
        return List.of(base, base + 1);
    }

    int edgeRolePort() {
        return base + 2;
    }

    int claude(int i) {
        return base + 4 + i;
    }

    int auth(int i) {
        return base + 7 + i;
    }

    int conversation() {
        return base + 9;
    }

    /** The roles other processes call, with their instances' role ports in instance order. */
    Map<String, List<Integer>> roles() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        out.put("claude", List.of(claude(0), claude(1), claude(2)));
        out.put("auth", List.of(auth(0), auth(1)));
        out.put("conversation", List.of(conversation()));
        return out;
    }

    /** The supervisor names instance n of a service {@code service-n}. */
    String idOf(String role, int index) {
        return role + "-" + (index + 1);
    }
}
