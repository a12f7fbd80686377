package org.kmodfarm.model.spi;

/** Asks a container engine whether it answers; failures surface as {@link org.kmodfarm.model.InfraException}. */
public interface EngineProbe {
    EngineInfo probe();
}
