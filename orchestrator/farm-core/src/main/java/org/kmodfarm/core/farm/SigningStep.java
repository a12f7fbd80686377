package org.kmodfarm.core.farm;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.kmodfarm.model.InfraException;

/**
 * The signing step of a BUILT cell around a {@link CellSigner}: its modules go out, and its execution comes back
 * with the signed modules (and their modinfo) in place of the unsigned ones, with who signed them.
 */
final class SigningStep {
    /**
     * @param execution the execution with its modules signed; empty when they could not be
     * @param signer    the signer as the first signed module's modinfo names it
     * @param failure   why the modules could not be signed, one line; empty when signed
     */
    record Outcome(Optional<CellExecution> execution, String signer, String failure) {
    }

    private SigningStep() {
    }

    static Outcome sign(CellSigner signer, CellWork work, CellExecution built, Consumer<String> log)
            throws InterruptedException {
        Map<String, byte[]> modules = new TreeMap<>();
        built.outputs().forEach((name, bytes) -> {
            if (CellClassifier.isModule(name)) {
                modules.put(name.substring("module/".length()), bytes);
            }
        });
        CellSigner.Signed signed;
        try {
            signed = signer.sign(work, modules, log);
        } catch (InfraException e) {
            signed = new CellSigner.Signed(Map.of(), e.getMessage());
        }
        if (!signed.ok()) {
            return new Outcome(Optional.empty(), "", signed.failure());
        }
        Map<String, byte[]> outputs = new HashMap<>(built.outputs());
        outputs.putAll(signed.outputs());
        String signerText = signed.outputs().entrySet().stream().filter(e -> e.getKey().startsWith("modinfo/"))
                .sorted(Map.Entry.comparingByKey()).map(e -> ModuleInfo.signer(new String(e.getValue(),
                        StandardCharsets.UTF_8))).findFirst().orElse("");
        return new Outcome(Optional.of(new CellExecution(built.exit(), outputs, built.elapsed())), signerText, "");
    }
}
