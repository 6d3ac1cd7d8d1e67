package com.cmkorchestrator.wiring;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.config.InvalidSettingException;
import com.cmkorchestrator.triggers.BindingFunctions;
import com.cmkorchestrator.triggers.FunctionClasses;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionInjectorTest {

    private final AppTestbed bed = new AppTestbed();

    @Test
    void everyFunctionClassIsBuiltWithItsCollaboratorsOnce() {
        FunctionInjector injector = new FunctionInjector(bed.graph);

        for (Class<?> type : FunctionClasses.ALL) {
            assertThat(injector.getInstance(type)).isInstanceOf(type).isSameAs(injector.getInstance(type));
        }
    }

    @Test
    void theGraphIsBuiltOnceForAllFunctionClasses() {
        AtomicInteger builds = new AtomicInteger();
        FunctionInjector injector = new FunctionInjector(() -> {
            builds.incrementAndGet();
            return bed.graph;
        });

        FunctionClasses.ALL.forEach(injector::getInstance);
        FunctionClasses.ALL.forEach(injector::getInstance);

        assertThat(builds).hasValue(1);
    }

    @Test
    void aGraphThatCouldNotBeBuiltIsTriedAgainOnTheNextInvocation() {
        AtomicInteger builds = new AtomicInteger();
        FunctionInjector injector = new FunctionInjector(() -> {
            if (builds.incrementAndGet() == 1) {
                throw InvalidSettingException.of("CMK_TENANT_ID", "CMK_TENANT_ID is required");
            }
            return bed.graph;
        });

        assertThatThrownBy(() -> injector.getInstance(BindingFunctions.class))
                .isInstanceOf(InvalidSettingException.class);
        assertThat(injector.getInstance(BindingFunctions.class)).isNotNull();
    }

    @Test
    void aClassHoldingNoFunctionsIsRefused() {
        FunctionInjector injector = new FunctionInjector(bed.graph);

        assertThatThrownBy(() -> injector.getInstance(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void theJavaWorkerFindsThisInjectorThroughServiceLoader() {
        assertThat(ServiceLoader.load(FunctionInstanceInjector.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(FunctionInjector.class);
    }
}
