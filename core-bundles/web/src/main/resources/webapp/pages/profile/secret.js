// Showing a secret once: copying it to the clipboard.

/** Copies a secret to the clipboard, falling back to selecting it so the user can copy it by hand. */
export async function copySecret(ctx, input, status) {
    const {t} = ctx;
    try {
        await navigator.clipboard.writeText(input.value);
        status.textContent = t('profile.copied');
    } catch {
        input.focus();
        input.select();
        status.textContent = t('profile.copyByHand');
    }
}
