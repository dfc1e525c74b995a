package io.alertlake.api;

import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema alertlake serves keeps the GraphQL contract (src/test/resources/graphql/contract.graphql): every
 * type of the contract under its name and kind, every field and argument with the same type (nullability of
 * lists and items included) and default value, every enum with the same values. The schema may have more.
 */
@QuarkusTest
class GraphQlContractTest {

    private static TypeDefinitionRegistry contract() throws IOException {
        try (InputStream in = GraphQlContractTest.class.getResourceAsStream("/graphql/contract.graphql")) {
            return new SchemaParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static TypeDefinitionRegistry served() {
        String sdl = given().header("Authorization", "Bearer test-token").get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
        return new SchemaParser().parse(sdl);
    }

    @Test
    void servedSchemaKeepsTheContract() throws IOException {
        TypeDefinitionRegistry contract = contract();
        TypeDefinitionRegistry served = served();
        assertThat(contract.types()).hasSizeGreaterThanOrEqualTo(10); // the resource was read, not an empty file
        for (TypeDefinition<?> wanted : contract.types().values()) {
            TypeDefinition<?> actual = served.getType(wanted.getName()).orElse(null);
            assertThat(actual).as("type %s", wanted.getName()).isNotNull();
            assertThat(actual.getClass()).as("kind of %s", wanted.getName()).isEqualTo(wanted.getClass());
            switch (wanted) {
                case ObjectTypeDefinition object -> assertFields(object.getName(), object.getFieldDefinitions(),
                        ((ObjectTypeDefinition) actual).getFieldDefinitions());
                case InputObjectTypeDefinition input -> assertInputValues(input.getName(),
                        input.getInputValueDefinitions(), ((InputObjectTypeDefinition) actual).getInputValueDefinitions());
                case EnumTypeDefinition enumType -> assertThat(names(((EnumTypeDefinition) actual)
                        .getEnumValueDefinitions(), EnumValueDefinition::getName))
                        .as("values of %s", enumType.getName())
                        .containsExactlyInAnyOrderElementsOf(names(enumType.getEnumValueDefinitions(),
                                EnumValueDefinition::getName));
                default -> throw new AssertionError("the contract has a kind of type this test does not check: "
                        + wanted);
            }
        }
    }

    @Test
    void aNullInAFilterListIsRejectedByTheSchema() {
        String body = given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body(Map.of("query", "{ remediation(filter: {severities: [HIGH, null]}) { opened } }"))
                .post("/graphql").then().statusCode(200).extract().asString();
        assertThat(body).contains("severities").doesNotContain("System error").doesNotContain("\"data\":{");
    }

    private static void assertFields(String type, List<FieldDefinition> wanted, List<FieldDefinition> actual) {
        Map<String, FieldDefinition> byName = byName(actual, FieldDefinition::getName);
        for (FieldDefinition field : wanted) {
            FieldDefinition served = byName.get(field.getName());
            assertThat(served).as("field %s.%s", type, field.getName()).isNotNull();
            assertThat(AstPrinter.printAst(served.getType())).as("type of %s.%s", type, field.getName())
                    .isEqualTo(AstPrinter.printAst(field.getType()));
            assertInputValues(type + "." + field.getName() + "()", field.getInputValueDefinitions(),
                    served.getInputValueDefinitions());
        }
    }

    private static void assertInputValues(String owner, List<InputValueDefinition> wanted,
                                          List<InputValueDefinition> actual) {
        Map<String, InputValueDefinition> byName = byName(actual, InputValueDefinition::getName);
        for (InputValueDefinition value : wanted) {
            InputValueDefinition served = byName.get(value.getName());
            assertThat(served).as("argument or input field %s %s", owner, value.getName()).isNotNull();
            assertThat(AstPrinter.printAst(served.getType())).as("type of %s %s", owner, value.getName())
                    .isEqualTo(AstPrinter.printAst(value.getType()));
            assertThat(printed(served)).as("default of %s %s", owner, value.getName()).isEqualTo(printed(value));
        }
    }

    private static String printed(InputValueDefinition value) {
        return value.getDefaultValue() == null ? "(none)" : AstPrinter.printAst(value.getDefaultValue());
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private static <T> List<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).toList();
    }
}
