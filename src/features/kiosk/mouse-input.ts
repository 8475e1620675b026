// Some of Vant's behaviour answers touch events only (a button's pressed look, swipes). A kiosk
// driven by a mouse or a trackball gets them from this emulator, which turns mouse presses into
// touches and does nothing where the screen is a touch screen, even one driven by a mouse: so
// nothing a person must do may rely on it. The number keys do not (KioskKeypad: buttons, clicks).
// Loaded by kiosks only.
import '@vant/touch-emulator'
