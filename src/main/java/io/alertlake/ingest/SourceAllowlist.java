package io.alertlake.ingest;

import io.alertlake.config.AlertlakeConfig;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Optional allowlist of source networks for webhook deliveries (GitHub publishes its hook ranges at
 * {@code GET /meta}). {@code X-Forwarded-For} is believed only when the connection comes from a configured
 * proxy; then the right-most address not belonging to a trusted proxy is the client.
 */
@Singleton
public class SourceAllowlist {

    private final List<IpSubnetFilterRule> allowed;
    private final List<IpSubnetFilterRule> proxies;

    SourceAllowlist(AlertlakeConfig config) {
        this.allowed = rules(config.webhook().allowedCidrs().orElse(List.of()), "alertlake.webhook.allowed-cidrs");
        this.proxies = rules(config.webhook().trustedProxies().orElse(List.of()), "alertlake.webhook.trusted-proxies");
    }

    /** Refuses a webhook delivery from outside the allowed networks. */
    Optional<Response> check(HttpServerRequest request) {
        if (allowed.isEmpty() || !request.path().startsWith("/webhooks/")) {
            return Optional.empty();
        }
        InetAddress client = client(request);
        if (client != null && matches(allowed, client)) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.FORBIDDEN)
                .entity(WebhookResource.error("source address is not in alertlake.webhook.allowed-cidrs"))
                .type("application/json").build());
    }

    /** The client address, following {@code X-Forwarded-For} only through trusted proxies. */
    InetAddress client(HttpServerRequest request) {
        if (request.remoteAddress() == null) {
            return null;
        }
        InetAddress peer = parse(request.remoteAddress().host());
        if (peer == null || !matches(proxies, peer)) {
            return peer;
        }
        // every X-Forwarded-For line, in order: a proxy may append its own line after the one the client sent
        String forwarded = String.join(",", request.headers().getAll("X-Forwarded-For"));
        if (forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = parse(hops[i].trim());
            if (hop == null) {
                return null; // a forged or broken header: trust nothing
            }
            if (!matches(proxies, hop)) {
                return hop;
            }
        }
        return peer;
    }

    private static boolean matches(List<IpSubnetFilterRule> rules, InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    private static List<IpSubnetFilterRule> rules(List<String> cidrs, String key) {
        return cidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(cidr -> {
            String[] parts = cidr.split("/");
            InetAddress address = parse(parts[0]);
            if (address == null || parts.length > 2) {
                throw new IllegalArgumentException(key + ": '" + cidr + "' is not a CIDR block");
            }
            int max = address.getAddress().length * 8;
            int bits = parts.length == 2 ? prefixLength(parts[1]) : max;
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException(key + ": '" + cidr + "' is not a CIDR block (the prefix length of "
                        + "an IPv" + (max == 32 ? "4" : "6") + " address is 0 to " + max + ")");
            }
            return new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT);
        }).toList();
    }

    private static int prefixLength(String digits) {
        return digits.matches("[0-9]{1,3}") ? Integer.parseInt(digits) : -1;
    }

    /** Parses a literal IP address without ever doing a DNS lookup. */
    private static InetAddress parse(String literal) {
        String s = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!s.matches("[0-9a-fA-F:.]+") || (!s.contains(".") && !s.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
