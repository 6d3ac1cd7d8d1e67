package com.cmkorchestrator.tests;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.triggers.FunctionClasses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what {@code azure-functions-maven-plugin package} wrote for the functions module (one {@code function.json}
 * per function) and checks it is the app Azure will run: every function, its trigger type, route, methods and auth
 * level, and schedules and queue names that come from app settings. Runs after the functions module is packaged
 * (the reactor builds it first); run {@code mvn package} once when running this module alone.
 */
class PackagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP = Path.of("..", "functions", "target", "azure-functions", "cmk-orchestrator");
    private static Map<String, JsonNode> functions;

    @BeforeAll
    static void read() throws IOException {
        assertThat(APP.resolve("host.json")).as("the packaged app; run `mvn package` first").exists();
        functions = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(APP)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("function.json"))).toList()) {
                functions.put(dir.getFileName().toString(), JSON.readTree(dir.resolve("function.json").toFile()));
            }
        }
    }

    private static JsonNode trigger(String function) {
        assertThat(functions).containsKey(function);
        return functions.get(function).path("bindings").get(0);
    }

    private static void assertHttp(String function, String method, String route) {
        JsonNode trigger = trigger(function);
        assertThat(trigger.path("type").asText()).as(function).isEqualTo("httpTrigger");
        assertThat(trigger.path("route").asText()).as(function).isEqualTo(route);
        assertThat(trigger.path("methods")).as(function).extracting(JsonNode::asText).containsExactly(method);
        // the app's own check (ApiGate, CMK_API_AUTH) gates HTTP routes; function keys only the Event Grid webhook
        assertThat(trigger.path("authLevel").asText()).as(function).isEqualTo("ANONYMOUS");
    }

    @Test
    void everyAnnotatedFunctionIsPackagedAndNothingElse() {
        Set<String> annotated = FunctionClasses.ALL.stream().flatMap(type -> Arrays.stream(type.getMethods()))
                .map(method -> method.getAnnotation(FunctionName.class)).filter(Objects::nonNull)
                .map(FunctionName::value).collect(Collectors.toSet());

        assertThat(functions.keySet()).containsExactlyInAnyOrderElementsOf(annotated).hasSize(16);
    }

    @Test
    void theCatchAllRouteTakesEveryMethodAndSortsAfterEveryOtherFunction() {
        JsonNode trigger = trigger("zzUnmatchedRoute");
        assertThat(trigger.path("route").asText()).isEqualTo("{*path}");
        assertThat(trigger.path("methods")).extracting(JsonNode::asText)
                .contains("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
        // the Functions host tries routes in the order it registers the functions, by name
        assertThat(functions.keySet().stream().filter(name -> !name.equals("zzUnmatchedRoute")))
                .allSatisfy(name -> {
                    assertThat(name.compareTo("zzUnmatchedRoute")).as(name).isNegative();
                    assertThat(name.compareToIgnoreCase("zzUnmatchedRoute")).as(name).isNegative();
                });
    }

    @Test
    void theHttpRoutesAreTheDocumentedOnesWithFunctionKeys() {
        assertHttp("CreateOrUpdateBinding", "POST", "bindings");
        assertHttp("ListBindings", "GET", "bindings");
        assertHttp("GetBinding", "GET", "bindings/{name}");
        assertHttp("DeleteBinding", "DELETE", "bindings/{name}");
        assertHttp("RequestHsm", "POST", "hsms");
        assertHttp("GetHsm", "GET", "hsms/{name}");
        assertHttp("RotateKey", "POST", "keys/{hsm}/{key}/rotate");
        assertHttp("Health", "GET", "health");
        assertHttp("Dashboard", "GET", "dashboard");
    }

    @Test
    void timersAndTheQueueTakeTheirScheduleAndNameFromAppSettings() {
        assertThat(trigger("HsmEventBridge").path("type").asText()).isEqualTo("timerTrigger");
        assertThat(trigger("HsmEventBridge").path("schedule").asText()).isEqualTo("%CMK_BRIDGE_SCHEDULE%");
        assertThat(trigger("HealthSweep").path("schedule").asText()).isEqualTo("%CMK_HEALTH_SCHEDULE%");
        JsonNode queue = trigger("Reconcile");
        assertThat(queue.path("type").asText()).isEqualTo("queueTrigger");
        assertThat(queue.path("queueName").asText()).isEqualTo("%CMK_RECONCILE_QUEUE%");
        // identity-based in Azure: the host reads AzureWebJobsStorage__accountName for this connection
        assertThat(queue.path("connection").asText()).isEqualTo("AzureWebJobsStorage");
        // the looks at operations in flight: their own queue, so their own workers on every instance
        JsonNode polls = trigger("PollOperation");
        assertThat(polls.path("type").asText()).isEqualTo("queueTrigger");
        assertThat(polls.path("queueName").asText()).isEqualTo("%CMK_RECONCILE_QUEUE%-polls");
        assertThat(polls.path("connection").asText()).isEqualTo("AzureWebJobsStorage");
    }

    @Test
    void everySettingReferencedIsOneTheAppDocuments() {
        Pattern reference = Pattern.compile("%([A-Za-z0-9_]+)%");
        Set<String> referenced = new TreeSet<>();
        functions.values().forEach(json -> {
            Matcher matcher = reference.matcher(json.toString());
            while (matcher.find()) {
                referenced.add(matcher.group(1));
            }
        });

        assertThat(referenced).containsExactly("CMK_BRIDGE_SCHEDULE", "CMK_HEALTH_SCHEDULE", "CMK_RECONCILE_QUEUE");
        assertThat(AppSettings.ALL).containsAll(referenced);
    }

    @Test
    void theEventGridFunctionsAreEventGridTriggers() {
        assertThat(trigger("OnKeyEvent").path("type").asText()).isEqualTo("eventGridTrigger");
        assertThat(trigger("OnResourceWrite").path("type").asText()).isEqualTo("eventGridTrigger");
    }

    @Test
    void everyEntryPointIsAPublicMethodOfTheJarItNames() throws Exception {
        for (Map.Entry<String, JsonNode> function : functions.entrySet()) {
            String entryPoint = function.getValue().path("entryPoint").asText();
            String type = entryPoint.substring(0, entryPoint.lastIndexOf('.'));
            String method = entryPoint.substring(entryPoint.lastIndexOf('.') + 1);
            Method found = Arrays.stream(Class.forName(type).getMethods()).filter(m -> m.getName().equals(method))
                    .findFirst().orElseThrow();
            assertThat(found.getAnnotation(FunctionName.class).value()).isEqualTo(function.getKey());
            Path jar = APP.resolve(function.getKey()).resolve(function.getValue().path("scriptFile").asText()).normalize();
            assertThat(jar).as(function.getKey() + " scriptFile").exists();
        }
    }

    @Test
    void theHostConfigurationAndDependenciesAreShipped() throws IOException {
        assertThat(JSON.readTree(APP.resolve("host.json").toFile()).path("version").asText()).isEqualTo("2.0");
        try (Stream<Path> lib = Files.list(APP.resolve("lib"))) {
            assertThat(lib.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("azure-messaging-eventgrid-"))
                    .anyMatch(name -> name.startsWith("azure-data-tables-"))
                    .noneMatch(name -> name.startsWith("cmk-emulator"))
                    .noneMatch(name -> name.startsWith("junit"));
        }
    }

    @Test
    void theJarRegistersTheAppsFunctionInstanceInjectorForTheWorker() throws Exception {
        JsonNode any = functions.values().iterator().next();
        Path jar = APP.resolve(functions.keySet().iterator().next()).resolve(any.path("scriptFile").asText()).normalize();
        String registration = "META-INF/services/" + FunctionInstanceInjector.class.getName();

        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(registration);
            assertThat(entry).as(registration + " in " + jar).isNotNull();
            String injector = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(injector).isEqualTo("com.cmkorchestrator.wiring.FunctionInjector");
            assertThat(FunctionInstanceInjector.class.isAssignableFrom(Class.forName(injector))).isTrue();
        }
        try (Stream<Path> lib = Files.list(APP.resolve("lib"))) {
            // the worker brings the SPI: a second copy in the app would be another class to the worker's loader
            assertThat(lib.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("azure-functions-java-spi"));
        }
    }
}
