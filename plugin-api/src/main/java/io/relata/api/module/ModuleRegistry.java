package io.relata.api.module;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Core's view of every module it knows: those installed now and those seen before. */
@ProviderType
public interface ModuleRegistry {

    /** @return all modules, sorted by id. */
    List<ModuleStatus> modules();

    /** @return the module with this id, if it is known. */
    Optional<ModuleStatus> module(String id);
}
