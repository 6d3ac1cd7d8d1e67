package com.cmkorchestrator.emulator.hsm.keys;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Real key pairs for new key versions. RSA prime generation takes from ~0.1 s (2048) to seconds
 * (4096), so once an RSA size has been asked for, a background thread keeps up to {@code poolSize}
 * spare pairs of that size; a request takes a spare if one is ready and generates otherwise. EC
 * pairs are cheap and always generated on the spot, through BouncyCastle because the JDK 17 dropped
 * secp256k1 (P-256K).
 */
public final class KeyPairSource implements AutoCloseable {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final int poolSize;
    private final Map<Integer, BlockingQueue<KeyPair>> spareRsaPairs = new ConcurrentHashMap<>();
    private final ExecutorService refiller;

    public KeyPairSource(int poolSize) {
        this.poolSize = poolSize;
        this.refiller = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-hsm-keypairs");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    public KeyPair next(KeySpec spec) {
        if (!spec.isRsa()) {
            return generate(spec);
        }
        if (poolSize == 0) {
            return generate(spec);
        }
        BlockingQueue<KeyPair> spares = spareRsaPairs.computeIfAbsent(spec.rsaBits(), bits -> new LinkedBlockingQueue<>());
        KeyPair spare = spares.poll();
        refill(spec, spares);
        return spare != null ? spare : generate(spec);
    }

    private void refill(KeySpec spec, BlockingQueue<KeyPair> spares) {
        if (refiller.isShutdown()) {
            return;
        }
        refiller.execute(() -> {
            while (spares.size() < poolSize && !refiller.isShutdown()) {
                spares.offer(generate(spec));
            }
        });
    }

    static KeyPair generate(KeySpec spec) {
        try {
            if (spec.isRsa()) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(spec.rsaBits());
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec(spec.curve().jcaName()));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + spec + " key pair: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        refiller.shutdownNow();
    }
}
