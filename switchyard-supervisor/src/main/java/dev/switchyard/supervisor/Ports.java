package dev.switchyard.supervisor;

import dev.switchyard.core.config.Node;
import dev.switchyard.supervisor.Topology.Service;
import java.util.ArrayList;
import java.util.List;

/** Refuses a topology whose port ranges overlap: two children on one port would restart each other forever. */
final class Ports {
    private Ports() {}

    private record Range(String key, int first, int last) {
        boolean overlaps(Range o) {
            return first <= o.last && o.first <= last;
        }

        @Override
        public String toString() {
            return key + " (" + (first == last ? "" + first : first + "-" + last) + ")";
        }
    }

    static void checkOverlaps(List<Service> services, Node servicesNode) {
        List<Range> ranges = new ArrayList<>();
        for (Service s : services) {
            if (s.port() != 0) {
                add(ranges, new Range(s.name() + ".port", s.port(), s.port() + s.instances() - 1), servicesNode);
            }
            if (s.rolePort() != 0) {
                String key = s.name() + (s.servesGateway() ? ".role_port" : ".port");
                add(ranges, new Range(key, s.rolePort(), s.rolePort() + s.instances() - 1), servicesNode);
            }
        }
    }

    private static void add(List<Range> ranges, Range range, Node servicesNode) {
        for (Range other : ranges) {
            if (range.overlaps(other)) {
                servicesNode.get(range.key()).problem("ports " + range + " overlap " + other);
            }
        }
        ranges.add(range);
    }
}
