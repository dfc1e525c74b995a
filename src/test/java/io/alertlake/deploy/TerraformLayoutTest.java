package io.alertlake.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fmt layout check itself: it must accept what terraform fmt writes and reject what it would rewrite. */
class TerraformLayoutTest {

    @Test
    void acceptsAlignedAttributesAndUnalignedMultiLineValues() {
        assertThat(HclLayout.problems("""
                resource "x" "y" {
                  name        = "${replace(var.name, "-", "_")}"
                  description = "a {brace} in a string"
                  policy = jsonencode({
                    a   = 1 # one
                    bcd = 2 # two
                  })
                  # a comment ends a run
                  tags = { a = "b" }
                  list = [
                    "x",
                  ]
                }
                """)).isEmpty();
    }

    @Test
    void rejectsMisalignedEquals() {
        assertThat(HclLayout.problems("""
                locals {
                  a = 1
                  bcd = 2
                }
                """)).containsExactly("line 2: '=' in column 5, fmt aligns it to 7");
    }

    @Test
    void rejectsWrongIndentAndTrailingBlanks() {
        assertThat(HclLayout.problems("""
                locals {
                   a = 1\s
                }
                """)).containsExactlyInAnyOrder("line 2: indented 3 spaces, fmt indents 2", "line 2: trailing whitespace");
    }

    @Test
    void rejectsMisalignedTrailingComments() {
        assertThat(HclLayout.problems("""
                locals {
                  a   = 1 # one
                  bcd = 22 # two
                }
                """)).containsExactly("line 2: comment in column 11, fmt aligns it to 12");
    }

    @Test
    void closingTwoBracketsOnOneLineDedentsOnce() {
        assertThat(HclLayout.problems("""
                x = jsonencode([{
                  a = 1
                }])
                """)).isEmpty();
    }
}
