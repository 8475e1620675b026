// Vant's keys (the on-screen number keyboard above all) answer touch events only. A kiosk driven
// by a mouse or a trackball gets them from this emulator, which turns mouse presses into touches
// and does nothing where the screen is a touch screen. Loaded by kiosks only.
import '@vant/touch-emulator'
