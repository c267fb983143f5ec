//! Brings the lesson to life: the build prerendered it into the page
//! (`src/bin/prerender.rs`), so the app adopts that HTML (hydration) rather
//! than drawing it again. A page without it (`trunk serve` alone) is rendered
//! from nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        let props = roundtrip::AppProps { lesson: &roundtrip::lesson::LESSON };
        let renderer = yew::Renderer::<roundtrip::App>::with_props(props);
        if roundtrip::host::page::is_prerendered() {
            renderer.hydrate();
        } else {
            renderer.render();
        }
    }
}
