//! Mounts the lesson into the page.

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<roundtrip::App>::new().render();
}
