package io.alertlake.backfill;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.alertlake.github.GitHubStub;
import io.alertlake.github.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a WireMock stub of GitHub's API before the application and points the App configuration at it. */
public class GitHubStubResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        GitHubStub github = GitHubStub.start();
        server = github.server();
        return Map.of(
                "alertlake.github.api-url", github.url(),
                "alertlake.github.app-id", "123456",
                "alertlake.github.private-key", TestKeys.pkcs1Pem(),
                "alertlake.github.orgs", "octocat",
                "alertlake.github.retry-delay", "10ms",
                // the tests start runs themselves
                "alertlake.github.reconcile-every", "off",
                "alertlake.github.redeliver-every", "off");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
