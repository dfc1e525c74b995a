package io.alertlake.redelivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrgHookTest {

    @Test
    void anEntryIsAnOrgAndAHookIdWhateverTheSpacesAroundThem() {
        // SmallRye splits "acme/1, beta-org/22" into "acme/1" and " beta-org/22"
        assertThat(Redeliveries.OrgHook.parse("acme/1")).isEqualTo(new Redeliveries.OrgHook("acme", "1"));
        assertThat(Redeliveries.OrgHook.parse(" beta-org/22")).isEqualTo(new Redeliveries.OrgHook("beta-org", "22"));
        assertThat(Redeliveries.OrgHook.parse("Octo / 7 ")).isEqualTo(new Redeliveries.OrgHook("Octo", "7"));
    }

    @Test
    void whatCannotNameAnOrgsHookIsNoEntry() {
        assertThat(Redeliveries.OrgHook.parse("acme")).isNull();
        assertThat(Redeliveries.OrgHook.parse("acme/1/2")).isNull();
        assertThat(Redeliveries.OrgHook.parse("acme/hook")).isNull();
        assertThat(Redeliveries.OrgHook.parse("ac me/1")).isNull();
        assertThat(Redeliveries.OrgHook.parse("../app/1")).isNull();
        assertThat(Redeliveries.OrgHook.parse("-acme/1")).isNull();
        assertThat(Redeliveries.OrgHook.parse("/1")).isNull();
    }
}
